#!/usr/bin/env bash
# Installs scripts/pre-commit as the git pre-commit hook of this checkout. Idempotent; never fails:
# without a .git (an unpacked tarball, a Docker build) or without git there is nothing to install.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -e .git ] || ! command -v git >/dev/null 2>&1; then
  echo "setup: no git checkout here; no pre-commit hook installed"
  exit 0
fi
hooks=$(git rev-parse --git-path hooks 2>/dev/null) || exit 0
hook="$hooks/pre-commit"
if [ -e "$hook" ] && cmp -s scripts/pre-commit "$hook"; then exit 0; fi
if [ -e "$hook" ] && ! grep -q "HYDRA pre-commit hook" "$hook"; then
  echo "setup: $hook is someone else's hook; left as it is (scripts/pre-commit is HYDRA's)" >&2
  exit 0
fi
mkdir -p "$hooks" && cp scripts/pre-commit "$hook" && chmod +x "$hook" &&
  echo "setup: installed the pre-commit hook (Biome format check and lint of staged .ts files)" ||
  echo "setup: could not install the pre-commit hook into $hooks" >&2
exit 0

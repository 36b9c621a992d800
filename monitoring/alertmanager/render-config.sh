#!/usr/bin/env bash
# Writes Alertmanager's configuration for HYDRA into DIR (alertmanager.yml, and smtp_password when
# SMTP is configured), from the environment or the project's .env — the same variables the node's own
# alerts use (README, "Alerts and remote control"). No secret lives in the repository: the files are
# written 0600 into DIR (git-ignored data/ by default). Debian's Alertmanager 0.25 has no
# `bot_token_file`, so the Telegram token is written into DIR/alertmanager.yml; the SMTP password goes
# to DIR/smtp_password (`auth_password_file`, resolved beside the configuration).
# Routing: critical → Telegram and email, warning → Telegram; KillSwitchActive silences scope=bot.
set -euo pipefail
dir=${1:?usage: render-config.sh DIR}
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotenv=${HYDRA_DOTENV:-$root/.env}
if [ -f "$dotenv" ]; then
  # a variable set in the environment wins over .env (an empty one counts as unset), as for the node
  while IFS='=' read -r k v; do
    [[ "$k" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    [ -n "${!k:-}" ] && continue
    v="${v%\"}"; v="${v#\"}"; v="${v%\'}"; v="${v#\'}"
    export "$k=$v"
  done < "$dotenv"
fi
mkdir -p "$dir" "$dir/data"
umask 077
yaml_str() { printf "'%s'" "${1//\'/\'\'}"; }

telegram=""
if [ -n "${TELEGRAM_TOKEN:-}" ]; then
  chat="${TELEGRAM_CHAT_ID:-}"
  chat="${chat%%,*}"
  if ! [[ "$chat" =~ ^-?[0-9]+$ ]]; then
    echo "render-config.sh: TELEGRAM_CHAT_ID must be a numeric chat id when TELEGRAM_TOKEN is set" >&2
    exit 2
  fi
  telegram="    telegram_configs:
      - bot_token: $(yaml_str "$TELEGRAM_TOKEN")
        chat_id: $chat
        api_url: $(yaml_str "${TELEGRAM_API_URL:-https://api.telegram.org}")
        send_resolved: true"
fi

email=""
rm -f "$dir/smtp_password"
if [ -n "${SMTP_HOST:-}" ]; then
  for v in SMTP_FROM SMTP_TO; do
    if [ -z "${!v:-}" ]; then echo "render-config.sh: $v is required when SMTP_HOST is set" >&2; exit 2; fi
  done
  email="    email_configs:
      - to: $(yaml_str "$SMTP_TO")
        from: $(yaml_str "$SMTP_FROM")
        smarthost: $(yaml_str "$SMTP_HOST:${SMTP_PORT:-587}")
        send_resolved: true"
  if [ -n "${SMTP_USER:-}" ]; then
    printf '%s' "${SMTP_PASS:-}" > "$dir/smtp_password"
    email="$email
        auth_username: $(yaml_str "$SMTP_USER")
        auth_password_file: smtp_password"
  fi
fi

cat > "$dir/alertmanager.yml" <<YAML
# Rendered by monitoring/alertmanager/render-config.sh from the environment: do not commit.
route:
  receiver: telegram
  group_by: [alertname, job]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - receiver: telegram-and-email
      matchers: ['severity="critical"']
      repeat_interval: 1h
    - receiver: telegram
      matchers: ['severity="warning"']
inhibit_rules:
  # the kill switch halts every bot and engine on the database: their own alerts are expected, not news
  - source_matchers: ['alertname="KillSwitchActive"']
    target_matchers: ['scope="bot"']
receivers:
  - name: telegram
${telegram:-    # no TELEGRAM_TOKEN: this receiver sends nothing}
  - name: telegram-and-email
${telegram:-    # no TELEGRAM_TOKEN}
${email:-    # no SMTP_HOST: no email}
YAML
echo "$dir/alertmanager.yml: Telegram $([ -n "$telegram" ] && echo on || echo off), email $([ -n "$email" ] && echo on || echo off)"

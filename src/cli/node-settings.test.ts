import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeSettings } from "./node-settings.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-node-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = path.join(dir, "node.yaml");
writeFileSync(
  config,
  `db: ${dir}/from-file.db\nmarket:\n  seed: 7\n  speed: 60\n  start: "2024-03-12T12:00:00Z"\n`,
);

describe("nodeSettings: a flag, then the environment, then the config file, then the default", () => {
  it("takes the file's values when nothing overrides them", () => {
    expect(nodeSettings({ config }, {})).toMatchObject({
      db: `${dir}/from-file.db`,
      seed: 7,
      speed: 60,
      marketStartMs: Date.UTC(2024, 2, 12, 12),
    });
  });

  it("HYDRA_DB beats the file, a flag beats both", () => {
    expect(nodeSettings({ config }, { HYDRA_DB: `${dir}/env.db` }).db).toBe(`${dir}/env.db`);
    expect(nodeSettings({ config, db: `${dir}/flag.db` }, { HYDRA_DB: `${dir}/env.db` }).db).toBe(
      `${dir}/flag.db`,
    );
    expect(nodeSettings({ config, seed: "3", speed: "600" }, {})).toMatchObject({ seed: 3, speed: 600 });
  });

  it("leaves unset what nobody set (the command's default applies)", () => {
    expect(nodeSettings({}, {})).toMatchObject({
      seed: undefined,
      speed: undefined,
      marketStartMs: undefined,
    });
    expect(() => nodeSettings({ speed: "fast" }, {})).toThrow(/--speed must be a number/);
  });
});

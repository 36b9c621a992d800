import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeConfig } from "./node-config.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-node-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe("loadNodeConfig", () => {
  it("reads YAML and JSON into the same typed settings", () => {
    const yaml = file(
      "node.yaml",
      "db: data/a.db\nmode: paper\nmetrics:\n  port: 9100\nftmo:\n  program: ftmo-1step\n  bots: [hf-scalper]\n",
    );
    const json = file(
      "node.json",
      JSON.stringify({
        db: "data/a.db",
        mode: "paper",
        metrics: { port: 9100 },
        ftmo: { program: "ftmo-1step", bots: ["hf-scalper"] },
      }),
    );
    expect(loadNodeConfig(yaml)).toEqual(loadNodeConfig(json));
    expect(loadNodeConfig(yaml).ftmo?.program).toBe("ftmo-1step");
  });

  it("names an unknown field by its path, and a bad value by its field", () => {
    expect(() => loadNodeConfig(file("a.yaml", "ftmo:\n  botz: [x]\n"))).toThrow(
      /"ftmo.botz" is not a setting of ftmo/,
    );
    expect(() => loadNodeConfig(file("b.yaml", "dbb: x\n"))).toThrow(/"dbb" is not a setting/);
    expect(() => loadNodeConfig(file("c.json", '{"metrics": {"port": -1}}'))).toThrow(/"metrics.port"/);
    expect(() => loadNodeConfig(file("d.yaml", "market:\n  start: yesterday\n"))).toThrow(
      /"market.start": an ISO time/,
    );
    expect(() => loadNodeConfig(file("e.json", "{ nope"))).toThrow(/e.json: not valid JSON/);
    expect(() => loadNodeConfig(path.join(dir, "missing.yaml"))).toThrow(/--config: cannot read/);
  });
});

describe("loadNodeConfig: which problem it names", () => {
  it("an unknown field before what its absence left missing; a missing field as required", () => {
    expect(() => loadNodeConfig(file("f.yaml", "bridge:\n  trades: x\n"))).toThrow(
      /"bridge.trades" is not a setting of bridge/,
    );
    expect(() => loadNodeConfig(file("g.yaml", "bridge:\n  trade: tcp://mt5:15555\n"))).toThrow(
      /"bridge.ticks": is required here/,
    );
  });

  it('a bridge endpoint that is not one (ZeroMQ would only say "Invalid argument")', () => {
    expect(() => loadNodeConfig(file("h.yaml", "bridge:\n  trade: x\n  ticks: tcp://mt5:15556\n"))).toThrow(
      /"bridge.trade": must be an endpoint such as tcp:\/\/127.0.0.1:15555/,
    );
  });
});

describe("the alerts section of a node's configuration", () => {
  it("takes routing, rate limits and quiet hours, and names a bad field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-alerts-config-"));
    const file = path.join(dir, "node.yaml");
    writeFileSync(
      file,
      "alerts:\n  severity: { info: [] }\n  events: { daily-summary: [email] }\n  perMinute: { telegram: 10 }\n  noTicksS: 30\n  quietHours: { from: '22:00', to: '07:00', zone: Europe/Prague }\n",
    );
    expect(loadNodeConfig(file).alerts).toMatchObject({
      events: { "daily-summary": ["email"] },
      perMinute: { telegram: 10 },
    });
    writeFileSync(file, "alerts:\n  events: { daily-summary: [pigeon] }\n");
    expect(() => loadNodeConfig(file)).toThrow(/"alerts.events.daily-summary.0"/);
    writeFileSync(file, "alerts:\n  quietHours: { from: '25:00', to: '07:00', zone: Europe/Prague }\n");
    expect(() => loadNodeConfig(file)).toThrow(/"alerts.quietHours.from": a time of day as HH:MM/);
    writeFileSync(file, "alerts:\n  quietHours: { from: '22:00', to: '07:00', zone: Mars/Olympus }\n");
    expect(() => loadNodeConfig(file)).toThrow(/"alerts.quietHours.zone": an IANA time zone/);
    rmSync(dir, { recursive: true, force: true });
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type BadCase, expectRefused } from "./test-support/bad-input.js";
import { BUILT, spawnHydra } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

/**
 * Bad flags of the long-running commands (ftmo, run, paper, trade, demo, bridge sim, doctor): each
 * refused with exit code 2 naming the flag, before anything starts or after closing what had started
 * (--duration bounds a miss; a hang is killed and fails).
 */
const CASES: BadCase[] = [
  ...(
    [
      ["ftmo", ["--metrics-port", "70000"], /--metrics-port must be an integer >= 0 and <= 65535/],
      ["ftmo", ["--metrics-port", "-1"], /--metrics-port/],
      ["ftmo", ["--api-port", "65536"], /--api-port .*<= 65535/],
      [
        "ftmo",
        ["--metrics-port", "0", "--metrics-host", "no.such.host.invalid"],
        /metrics server: .*no.such.host.invalid/,
      ],
      ["ftmo", ["--api-port", "0", "--api-host", "no.such.host.invalid"], /no.such.host.invalid/],
      ["ftmo", ["--bridge", "foo", "--ticks", "tcp://127.0.0.1:15556"], /--bridge must be an endpoint/],
      [
        "ftmo",
        ["--bridge", "tcp://127.0.0.1:15555", "--ticks", "tcp://127.0.0.1:99999"],
        /--ticks has port 99999/,
      ],
      ["ftmo", ["--bridge", "tcp://127.0.0.1:15555"], /--bridge and --ticks go together/],
      ["ftmo", ["--mode", "yolo"], /--mode/],
      ["ftmo", ["--mode", "live"], /live/],
      ["ftmo", ["--program", "ftmo-3step"], /--program/],
      ["ftmo", ["--phase", "final"], /--phase/],
      ["ftmo", ["--initial", "0"], /--initial/],
      ["ftmo", ["--bots", "nobot"], /nobot/],
      ["ftmo", ["--seed", "x"], /--seed/],
      ["ftmo", ["--speed", "0"], /--speed/],
      ["ftmo", ["--start", "never"], /--start/],
      ["ftmo", ["--config", "/nonexistent/hydra.yaml"], /nonexistent\/hydra.yaml/],
      ["run", ["--metrics-port", "70000"], /--metrics-port/],
      ["run", ["--api-port", "99999"], /--api-port/],
      ["run", ["--metrics-port", "0", "--metrics-host", "no.such.host.invalid"], /no.such.host.invalid/],
      ["run", ["--cycle", "0s"], /--cycle must be a duration of at least 1ms/],
      ["run", ["--timeout", "0s"], /--timeout/],
      ["run", ["--cycle", "forever"], /--cycle/],
      ["run", ["--engines", "quantum"], /--engines/],
      ["run", ["--replay", "/nonexistent/calls.jsonl"], /--replay: no such file/],
      ["run", ["--feed", "bloomberg"], /--feed/],
      ["run", ["--cash", "-1"], /--cash/],
      ["run", ["--assets", "NOPE-USD"], /NOPE-USD/],
      ["run", ["--speed", "-2"], /--speed/],
      ["run", ["--llm-config", "/nonexistent/llm.json", "--engines", "llm"], /llm.json|--llm-config/],
      ["paper", ["--symbols", ""], /--symbols/],
      ["paper", ["--symbols", "XAUUSDX"], /XAUUSDX/],
      ["paper", ["--strategy", "nope"], /nope/],
      ["paper", ["--timeframe", "M2"], /--timeframe/],
      ["paper", ["--cash", "0"], /--cash/],
      ["paper", ["--status-every", "0s"], /--status-every/],
      ["paper", ["--kill-mode", "panic"], /--kill-mode/],
      ["paper", ["--speed", "abc"], /--speed/],
      ["trade", ["--bridge", "foo"], /--bridge must be an endpoint/],
      ["trade", ["--ticks", "tcp://127.0.0.1"], /--ticks must be an endpoint/],
      ["trade", ["--mode", "yolo"], /--mode/],
      ["trade", ["--mode", "live"], /live/],
      ["trade", ["--symbols", " , "], /--symbols/],
      ["trade", ["--feed-timeout", "0s"], /--feed-timeout/],
      ["trade", ["--api-port", "70000"], /--api-port/],
      ["trade", ["--cash", "x"], /--cash/],
      ["demo", ["--metrics-port", "70000"], /--metrics-port/],
      ["demo", ["--metrics-port", "0", "--metrics-host", "no.such.host.invalid"], /no.such.host.invalid/],
      ["bridge sim", ["--rep", "foo"], /--rep must be an endpoint/],
      ["bridge sim", ["--pub", "tcp://127.0.0.1:70000"], /--pub has port 70000/],
      ["bridge sim", ["--data", "/nonexistent/ticks.csv"], /--data: no such file or directory/],
      ["bridge sim", ["--symbols", ","], /--symbols/],
      ["bridge sim", ["--cash", "0"], /--cash/],
      ["bridge sim", ["--speed", "0"], /--speed/],
      ["bridge sim", ["--status-every", "0s"], /--status-every/],
      ["bridge sim", ["--pump", "0s"], /--pump/],
      ["bridge sim", ["--seed", "-4"], /--seed/],
      ["doctor", ["--bridge", "mt5-host"], /--bridge must be an endpoint/],
      ["doctor", ["--listen", "0s"], /--listen/],
    ] as const
  ).map(([cmd, a, names]) => ({
    name: `${cmd} ${a.join(" ")}`,
    args: [...cmd.split(" "), ...a, ...(cmd === "doctor" ? [] : ["--duration", "5s"])],
    names,
  })),
];

describe.skipIf(!BUILT)("bad input: flags of the long-running commands", () => {
  it.concurrent.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await expectRefused(c);
  });

  it("a server bound to every interface runs, with a warning line naming the flag", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-wide-bind-"));
    try {
      const p = spawnHydra(["run", "--api-port", "0", "--api-host", "0.0.0.0", "--duration", "1s"], {
        env: { HYDRA_DB: path.join(dir, "hydra.db") },
      });
      expect(await p.exited()).toBe(0);
      expect(p.output()).toMatch(/warning: --api-host 0.0.0.0 listens on every network interface/);
      const sim = spawnHydra([
        "bridge",
        "sim",
        "--rep",
        "tcp://*:0",
        "--pub",
        "tcp://127.0.0.1:*",
        "--duration",
        "1s",
      ]);
      expect(await sim.exited()).toBe(0);
      expect(sim.output()).toMatch(/warning: --rep tcp:\/\/\*:0 listens on every network interface/);
      expect(sim.output()).not.toMatch(/--pub .* listens on every/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a refused start of hydra ftmo is a clean stop: the next start reports no crash", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-bad-start-"));
    try {
      const args = ["ftmo", "--metrics-port", "0", "--metrics-host", "no.such.host.invalid"];
      for (let i = 0; i < 2; i++) {
        const p = spawnHydra(args, { env: { HYDRA_DB: path.join(dir, "hydra.db") } });
        expect(await p.exited()).toBe(2);
        expect(p.output()).toMatch(/metrics server: .*no.such.host.invalid/);
        expect(p.output()).not.toContain("restart-after-crash");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

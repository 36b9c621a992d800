/**
 * Replay speed: a month of 5-minute Mother AI cycles × 4 engines, first recorded (the offline strategists
 * stand in for the LLMs and every answer is stored as an LLM call would be), then replayed from the
 * recordings with no engine at all — bit for bit (the final standings must be identical). The replay
 * includes the synthetic market and the four paper desks, not only the answers. Goal (issue 18): ≤ 3 s.
 * Beside the wall time, the process's CPU time over the pass: on a shared machine the steadier figure.
 */
import { performance } from "node:perf_hooks";
import { TestClock } from "../src/core/clock.js";
import type { Engine } from "../src/hydra/engine.js";
import { InMemoryLlmCallStore, paramsHash } from "../src/hydra/llm/call-recorder.js";
import { DEFAULT_LLM_ENGINES } from "../src/hydra/llm/llm-config.js";
import { callParams } from "../src/hydra/llm/llm-engine.js";
import { ReplayEngine } from "../src/hydra/llm/replay-engine.js";
import { offlineEngines } from "../src/hydra/offline/index.js";
import { runHydra } from "../src/runtime/hydra-run.js";
import type { BenchRow } from "./summary.js";

const DAYS = Number(process.env.HYDRA_REPLAY_DAYS ?? 30);

async function month(engines: readonly Engine[]) {
  const wall = new TestClock(Date.UTC(2024, 0, 1));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runHydra({
    engines,
    assets: ["BTC-USD", "ETH-USD", "SOL-USD"],
    mode: "independent",
    cycleMs: 5 * 60_000,
    cash: 25_000,
    seed: 42,
    speed: 3600,
    durationMs: (DAYS * 86_400_000) / 3600,
    timeoutMs: 60_000,
    wallClock: wall,
    sleep: async (ms) => wall.advance(ms),
    log: () => {},
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { r, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export async function replaySpeed(): Promise<BenchRow[]> {
  const store = new InMemoryLlmCallStore();
  const configs = DEFAULT_LLM_ENGINES;
  const offline = offlineEngines();
  const recorders: Engine[] = configs.map((cfg, i) => ({
    id: cfg.id,
    label: cfg.label,
    kind: "llm",
    decide: async (input, signal) => {
      const answer = await offline[i]!.decide(input, signal);
      const params = callParams(cfg);
      store.record({
        engineId: cfg.id,
        model: cfg.model,
        promptHash: input.promptHash,
        schemaHash: "",
        paramsHash: paramsHash(params),
        params,
        answer,
        time: input.time,
      });
      return answer;
    },
  }));
  const recorded = await month(recorders);
  const replayed = await month(configs.map((c) => new ReplayEngine(c, store)));
  const same =
    JSON.stringify(recorded.r.scores.map((s) => ({ ...s, label: "" }))) ===
    JSON.stringify(replayed.r.scores.map((s) => ({ ...s, label: "" })));
  const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `replay    ${DAYS} days of 5-minute cycles × 4 engines (${replayed.r.cycles} cycles): recorded in ${sec(recorded.ms)} (CPU ${sec(recorded.cpuMs)}), replayed in ${sec(replayed.ms)} (CPU ${sec(replayed.cpuMs)}), standings ${same ? "identical" : "DIFFERENT"}   (goal ≤ 3 s)`,
  );
  return [
    {
      what: `replay, ${DAYS} days × 5-min cycles × 4 engines (${replayed.r.cycles} cycles; standings ${same ? "identical to" : "DIFFERENT from"} the recording)`,
      figure: `${sec(replayed.ms)} (CPU ${sec(replayed.cpuMs)}; recording pass ${sec(recorded.ms)})`,
      goal: "≤ 3 s",
      met: same && replayed.ms <= 3000 ? "yes" : "no",
    },
  ];
}

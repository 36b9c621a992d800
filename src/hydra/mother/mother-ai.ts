import type { Engine, EngineAnswer, EngineDecision, EngineInput } from "../engine.js";
import { NO_USAGE } from "../engine.js";
import { consensus } from "../tournament/consensus.js";
import type { EngineDesk } from "./engine-desk.js";
import type { DecisionRecord, HydraJournal } from "./hydra-journal.js";
import type { MarketHistory } from "./market-history.js";
import { type PromptTemplate, sha256 } from "./prompt-template.js";

export type HydraMode = "independent" | "consensus";

export interface MotherOptions {
  engines: readonly Engine[];
  /**
   * one desk per engine id; consensus mode adds the desk "consensus" that trades the weighted vote, while
   * each engine's own desk trades its own votes (a shadow book: the P&L its votes would have made, by
   * which the tournament ranks it)
   */
  desks: ReadonlyMap<string, EngineDesk>;
  markets: readonly MarketHistory[];
  template: PromptTemplate;
  mode: HydraMode;
  /** a decision whose entry is further than this from the price at execution is stale (default 0.5%) */
  stalePct?: number;
  timeoutMs: number;
  journal?: HydraJournal;
  /** each engine's lessons for the prompt */
  lessons?: (engineId: string) => readonly string[];
  /** engines that evolution has eliminated or killed are not asked (default: all active) */
  isActive?: (engineId: string) => boolean;
  /** consensus: the engines' rank weights (40/30/20/10) */
  weights?: () => ReadonlyMap<string, number>;
  /** consensus: the winning side needs more than this share of the weight (default 0.5) */
  consensusShare?: number;
  /**
   * the assets whose prices are stale now (a live feed's last price older than its limit), each with why:
   * the engines are not asked about them, and each engine gets a "stale-data" no-decision naming them
   */
  staleAssets?: () => ReadonlyMap<string, string>;
  now: () => number;
}

export interface CycleReport {
  cycle: number;
  answers: ReadonlyMap<string, EngineAnswer>;
  records: DecisionRecord[];
}

/**
 * The Mother AI's cycle: freeze one market snapshot for all engines, build each engine's input (its
 * portfolio, its lessons, a versioned prompt with its hash), ask all engines in parallel with a
 * timeout, then pass their decisions through each portfolio's guardian to the paper trader, and record
 * everything — a failed answer as "no decision" with its cause.
 */
export class MotherAi {
  private cycleNo = 0;

  constructor(private readonly o: MotherOptions) {}

  async cycle(): Promise<CycleReport> {
    const cycle = ++this.cycleNo;
    const time = this.o.now();
    const stale = this.o.staleAssets?.() ?? new Map<string, string>();
    const assets = this.o.markets.filter((m) => !stale.has(m.symbol)).map((m) => m.snapshot());
    const answers = new Map<string, EngineAnswer>();
    const inputs = new Map<string, EngineInput>();
    const engines = this.o.engines.filter((e) => this.o.isActive?.(e.id) ?? true);
    // nothing fresh to decide on: no engine is asked (and nothing is spent)
    const asked = assets.length > 0 ? engines : [];
    await Promise.all(
      asked.map(async (engine) => {
        const desk = this.deskFor(engine.id);
        const base = {
          cycle,
          time,
          assets,
          portfolio: desk.portfolio(),
          lessons: this.o.lessons?.(engine.id) ?? [],
          // the tournament as it is this cycle: the engines competing (the prompt names the others)
          competitors: engines.map((e) => e.id),
        };
        const prompt = this.o.template.render(base, engine.id);
        const input: EngineInput = { ...base, prompt, promptHash: sha256(prompt) };
        inputs.set(engine.id, input);
        answers.set(engine.id, await this.ask(engine, input));
      }),
    );
    const records: DecisionRecord[] = [];
    const record = (engineId: string, d: EngineDecision | null, a: EngineAnswer, outcome: string): void => {
      // the consensus decision stands on every engine's prompt
      const promptHash =
        inputs.get(engineId)?.promptHash ?? sha256([...inputs.values()].map((i) => i.promptHash).join(""));
      const r: DecisionRecord = {
        cycle,
        time,
        engineId,
        templateVersion: this.o.template.version,
        promptHash,
        decision: d,
        cause: a.ok ? null : a.cause,
        detail: a.ok ? "" : a.detail,
        usage: a.usage,
        latencyMs: a.latencyMs,
        outcome,
      };
      records.push(r);
      this.o.journal?.recordDecision(r);
    };
    if (stale.size > 0) {
      const detail = [...stale].map(([symbol, why]) => `${symbol}: ${why}`).join("; ");
      const a: EngineAnswer = {
        ok: false,
        cause: "stale-data",
        detail,
        usage: NO_USAGE,
        latencyMs: 0,
        raw: "",
      };
      for (const engine of engines) record(engine.id, null, a, "no-decision");
    }
    for (const engine of asked) {
      const a = answers.get(engine.id)!;
      if (!a.ok) record(engine.id, null, a, "no-decision");
      else
        for (const d of a.decisions) {
          const outcome = this.apply(this.deskFor(engine.id), d);
          record(engine.id, d, a, this.o.mode === "consensus" ? `vote:${outcome}` : outcome);
        }
    }
    if (this.o.mode === "consensus") {
      const votes = asked.flatMap((e) => {
        const a = answers.get(e.id)!;
        return a.ok ? a.decisions.map((decision) => ({ engineId: e.id, decision })) : [];
      });
      const weights =
        this.o.weights?.() ?? new Map(this.o.engines.map((e) => [e.id, 1 / this.o.engines.length]));
      const outcomes = consensus(votes, weights, this.o.consensusShare ?? 0.5);
      for (const d of outcomes.flatMap((o) => (o.decision === null ? [] : [o.decision])))
        record(
          "consensus",
          d,
          { ok: true, decisions: [d], usage: NO_USAGE, latencyMs: 0, raw: "" },
          this.apply(this.deskFor("consensus"), d),
        );
    }
    return { cycle, answers, records };
  }

  private deskFor(engineId: string): EngineDesk {
    const desk = this.o.desks.get(engineId);
    if (desk === undefined) throw new Error(`no desk for ${engineId}`);
    return desk;
  }

  private async ask(engine: Engine, input: EngineInput): Promise<EngineAnswer> {
    const ctrl = new AbortController();
    const t0 = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<EngineAnswer>((resolve) => {
      timer = setTimeout(() => {
        ctrl.abort();
        resolve({
          ok: false,
          cause: "timeout",
          detail: `no answer within ${this.o.timeoutMs} ms`,
          usage: NO_USAGE,
          latencyMs: performance.now() - t0,
          raw: "",
        });
      }, this.o.timeoutMs);
    });
    try {
      return await Promise.race([
        engine.decide(input, ctrl.signal).catch(
          (e: unknown): EngineAnswer => ({
            ok: false,
            cause: "error",
            detail: e instanceof Error ? e.message : String(e),
            usage: NO_USAGE,
            latencyMs: performance.now() - t0,
            raw: "",
          }),
        ),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One decision onto a desk: stale prices are rejected, the guardian decides the rest. */
  private apply(desk: EngineDesk, d: EngineDecision): string {
    if (d.action === "hold") return "hold";
    const market = this.o.markets.find((m) => m.symbol === d.asset);
    if (market === undefined) return "denied:UNKNOWN_ASSET";
    const open = desk.ledger.positions.filter((p) => p.symbol === d.asset);
    if (d.action === "close") {
      if (open.length === 0) return "hold";
      const r = desk.submit({ kind: "close", symbol: d.asset, tag: "engine close" });
      return r.accepted ? "sent" : `denied:${r.code}`;
    }
    if (open.length > 0) return "hold";
    const stale = (this.o.stalePct ?? 0.5) / 100;
    if (Math.abs(market.price - d.entry) / market.price > stale) return "stale";
    const side = d.direction === "long" ? "buy" : "sell";
    const r = desk.submit({
      kind: "open",
      symbol: d.asset,
      side,
      orderType: "market",
      volume: 0,
      sl: d.stopLoss,
      tp: d.takeProfit,
      tag: d.rationale.slice(0, 40),
    });
    return r.accepted ? "sent" : `denied:${r.code}`;
  }
}

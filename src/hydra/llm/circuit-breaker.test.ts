import { describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { type Engine, type EngineAnswer, NO_USAGE, type NoDecisionCause } from "../engine.js";
import { type BreakerTransition, CircuitBreaker, describeTransition } from "./circuit-breaker.js";
import { DECISION, engineInput } from "./test-support/fixtures.js";

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 6, 12);
const never = new AbortController().signal;

const okAnswer = (): EngineAnswer => ({
  ok: true,
  decisions: [DECISION],
  usage: NO_USAGE,
  latencyMs: 1,
  raw: "",
});
const fail = (cause: NoDecisionCause, detail = `${cause} detail`): EngineAnswer => ({
  ok: false,
  cause,
  detail,
  usage: NO_USAGE,
  latencyMs: 1,
  raw: "",
});

/** An engine that answers from a script (the last entry repeats) and counts its calls. */
class Scripted implements Engine {
  readonly id = "deepseek";
  readonly label = "DeepSeek";
  readonly kind = "llm" as const;
  calls = 0;
  constructor(public script: Array<EngineAnswer | Error>) {}
  async decide(): Promise<EngineAnswer> {
    const next = this.script[Math.min(this.calls++, this.script.length - 1)]!;
    if (next instanceof Error) throw next;
    return next;
  }
}

function setup(script: Array<EngineAnswer | Error>, opts: { failureThreshold?: number } = {}) {
  const clock = new TestClock(T0);
  const inner = new Scripted(script);
  const events: BreakerTransition[] = [];
  const breaker = new CircuitBreaker(inner, { clock, onTransition: (t) => events.push(t), ...opts });
  const ask = () => breaker.decide(engineInput(), never);
  return { clock, inner, events, breaker, ask };
}

describe("CircuitBreaker", () => {
  it("opens after 3 consecutive failures and answers paused without asking the engine", async () => {
    const { inner, events, breaker, ask } = setup([
      fail("timeout"),
      fail("invalid"),
      fail("error", "HTTP 500: down"),
    ]);
    for (let i = 0; i < 3; i++) expect((await ask()).ok).toBe(false);
    expect(breaker.state).toBe("open");
    expect(events).toEqual([
      {
        engineId: "deepseek",
        from: "closed",
        to: "open",
        reason: "failures",
        failures: 3,
        cause: "error",
        detail: "HTTP 500: down",
        until: T0 + 5 * MIN,
        time: T0,
      },
    ]);
    const a = await ask();
    expect(a).toMatchObject({ ok: false, cause: "paused", usage: NO_USAGE, latencyMs: 0 });
    if (!a.ok)
      expect(a.detail).toBe(
        "circuit open after 3 failures (last: error: HTTP 500: down), resumes at 2025-01-06T12:05:00.000Z",
      );
    expect(inner.calls).toBe(3);
    expect(describeTransition(events[0]!)).toBe(
      "circuit breaker deepseek: closed → open after 3 consecutive failures (last: error: HTTP 500: down); paused until 2025-01-06T12:05:00.000Z",
    );
  });

  it("budget, cutoff and stale data neither count nor reset; a success resets the count", async () => {
    const { breaker, ask } = setup([
      fail("timeout"),
      fail("budget"),
      fail("cutoff"),
      fail("stale-data"),
      fail("timeout"),
      okAnswer(),
      fail("timeout"),
      fail("timeout"),
      fail("timeout"),
    ]);
    for (let i = 0; i < 8; i++) await ask();
    expect(breaker.state).toBe("closed");
    expect(breaker.failureCount).toBe(2);
    await ask();
    expect(breaker.state).toBe("open");
  });

  it("after the backoff one trial call: a failure reopens it with a doubled backoff, capped at 1 h", async () => {
    const { clock, inner, events, breaker, ask } = setup([fail("timeout")]);
    for (let i = 0; i < 3; i++) await ask();
    const backoffs: number[] = [];
    for (let k = 0; k < 6; k++) {
      const until = breaker.resumesAt!;
      backoffs.push(until - clock.now());
      clock.set(until - 1);
      expect(await ask()).toMatchObject({ ok: false, cause: "paused" });
      expect(breaker.state).toBe("open");
      const before = inner.calls;
      clock.set(until);
      const a = await ask();
      expect(a).toMatchObject({ ok: false, cause: "timeout" });
      expect(inner.calls).toBe(before + 1);
      expect(breaker.state).toBe("open");
    }
    expect(backoffs.map((b) => b / MIN)).toEqual([5, 10, 20, 40, 60, 60]);
    expect(events.slice(1, 3).map((e) => [e.from, e.to, e.reason])).toEqual([
      ["open", "half-open", "backoff-elapsed"],
      ["half-open", "open", "trial-failed"],
    ]);
    expect(events[2]).toMatchObject({
      failures: 4,
      cause: "timeout",
      until: T0 + 15 * MIN,
    });
  });

  it("a successful trial closes it and the backoff starts again from 5 min", async () => {
    const { clock, inner, events, breaker, ask } = setup([fail("error")]);
    for (let i = 0; i < 3; i++) await ask();
    clock.set(breaker.resumesAt!);
    await ask(); // trial fails: 10 min
    clock.set(breaker.resumesAt!);
    inner.script = [okAnswer()];
    inner.calls = 0;
    expect((await ask()).ok).toBe(true);
    expect(breaker.state).toBe("closed");
    expect(events.at(-1)).toMatchObject({ from: "half-open", to: "closed", reason: "trial-succeeded" });
    inner.script = [fail("error")];
    for (let i = 0; i < 3; i++) await ask();
    expect(breaker.resumesAt! - clock.now()).toBe(5 * MIN);
  });

  it("budget on the trial keeps it half-open: the next call is a trial again", async () => {
    const { clock, inner, breaker, ask } = setup([fail("invalid")]);
    for (let i = 0; i < 3; i++) await ask();
    clock.set(breaker.resumesAt!);
    inner.script = [fail("budget")];
    inner.calls = 0;
    await ask();
    expect(breaker.state).toBe("half-open");
    inner.script = [okAnswer()];
    inner.calls = 0;
    expect((await ask()).ok).toBe(true);
    expect(breaker.state).toBe("closed");
  });

  it("while a trial call is in flight other calls are answered paused", async () => {
    const { clock, inner, breaker, ask } = setup([fail("timeout")]);
    for (let i = 0; i < 3; i++) await ask();
    clock.set(breaker.resumesAt!);
    let release: (a: EngineAnswer) => void = () => {};
    inner.decide = () =>
      new Promise<EngineAnswer>((r) => {
        release = r;
      });
    const trial = ask();
    expect(await ask()).toMatchObject({ ok: false, cause: "paused" });
    release(okAnswer());
    expect((await trial).ok).toBe(true);
    expect(breaker.state).toBe("closed");
  });

  it("pause() stops asking until resume(); resume() asks again with a fresh count", async () => {
    const { clock, inner, events, breaker, ask } = setup([fail("timeout"), okAnswer()]);
    await ask();
    breaker.pause();
    clock.advance(24 * 60 * MIN);
    const a = await ask();
    expect(a).toMatchObject({ ok: false, cause: "paused" });
    if (!a.ok) expect(a.detail).toContain("resumes on command");
    expect(inner.calls).toBe(1);
    breaker.resume();
    expect(breaker.failureCount).toBe(0);
    expect((await ask()).ok).toBe(true);
    expect(events.map((e) => [e.to, e.reason, e.until])).toEqual([
      ["open", "paused", null],
      ["closed", "resumed", null],
    ]);
    breaker.resume();
    expect(events).toHaveLength(2);
  });

  it("resume() on a breaker opened by failures closes it at once", async () => {
    const { inner, breaker, ask } = setup([fail("error"), fail("error"), fail("error"), okAnswer()]);
    for (let i = 0; i < 3; i++) await ask();
    breaker.resume();
    expect((await ask()).ok).toBe(true);
    expect(inner.calls).toBe(4);
  });

  it("a thrown error is an error answer, redacted, and counts", async () => {
    const { breaker, ask } = setup([new Error("boom Bearer sk-abcdefghijklmnop")], { failureThreshold: 2 });
    const a = await ask();
    expect(a).toMatchObject({ ok: false, cause: "error" });
    if (!a.ok) expect(a.detail).toBe("Error: boom Bearer [redacted]");
    await ask();
    expect(breaker.state).toBe("open");
  });

  it("works around any engine and takes its id, label and kind; refuses a bad configuration", () => {
    const inner = new Scripted([okAnswer()]);
    const b = new CircuitBreaker(inner, { clock: new TestClock() });
    expect([b.id, b.label, b.kind]).toEqual(["deepseek", "DeepSeek", "llm"]);
    expect(() => new CircuitBreaker(inner, { clock: new TestClock(), failureThreshold: 0 })).toThrow(
      RangeError,
    );
    expect(
      () => new CircuitBreaker(inner, { clock: new TestClock(), backoffMs: 10, maxBackoffMs: 5 }),
    ).toThrow(RangeError);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { Publisher } from "zeromq";
import { LiveClock } from "../../../core/clock.js";
import type { TickMessage } from "../protocol/messages.js";
import { TickSubscriber } from "./tick-subscriber.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

async function publisher() {
  const pub = new Publisher({ linger: 0 });
  await pub.bind("tcp://127.0.0.1:*");
  cleanup.push(() => pub.close());
  return pub;
}

describe("tick subscriber (the event bus)", () => {
  it("receives ticks of its symbols only, keeps the latest, and tells a quiet market from a dead publisher", async () => {
    const pub = await publisher();
    const ticks: TickMessage[] = [];
    const states: Array<[boolean, string]> = [];
    const sub = new TickSubscriber({
      endpoint: pub.lastEndpoint!,
      symbols: ["XAUUSD"],
      clock: new LiveClock(),
      staleAfterMs: 400,
      onTick: (t) => ticks.push(t),
      onFeedState: (alive, why) => states.push([alive, why]),
    });
    cleanup.unshift(() => sub.stop());
    sub.start();
    await sleep(150); // slow joiner: let the subscription reach the publisher
    let seq = 0;
    const beat = setInterval(
      () => void pub.send(["HEARTBEAT", JSON.stringify({ time: Date.UTC(2024, 0, 1), seq: seq++ })]),
      100,
    );
    cleanup.unshift(() => clearInterval(beat));
    await pub.send(["XAUUSD", JSON.stringify({ symbol: "XAUUSD", bid: 2000, ask: 2000.3, time: 1 })]);
    await pub.send(["EURUSD", JSON.stringify({ symbol: "EURUSD", bid: 1.1, ask: 1.1001, time: 1 })]);
    await pub.send(["XAUUSD", "not json"]);
    await pub.send(["XAUUSD", JSON.stringify({ symbol: "XAUUSD", bid: 2001, ask: 2000, time: 2 })]);
    await pub.send(["XAUUSD", JSON.stringify({ symbol: "XAUUSD", bid: 2000.5, ask: 2000.8, time: 3 })]);
    await sleep(700); // heartbeats only: a quiet market, still alive
    expect(ticks.map((t) => t.bid)).toEqual([2000, 2000.5]);
    expect(sub.last("XAUUSD")).toMatchObject({ bid: 2000.5 });
    expect(sub.feed).toMatchObject({ alive: true, badFrames: 2, ticks: 2 });
    clearInterval(beat); // the publisher goes silent
    await sleep(900);
    expect(sub.feed.alive).toBe(false);
    expect(sub.feed.reconnects).toBeGreaterThanOrEqual(1);
    expect(states[0]).toEqual([true, expect.any(String)]);
    expect(states.some(([alive, why]) => !alive && why.includes("no heartbeat"))).toBe(true);
  });
});

describe("tick subscriber: a publisher that restarts", () => {
  it("says the stream is back once, on the first frame after the reconnection, even when the numbering goes on", async () => {
    let pub = await publisher();
    const endpoint = pub.lastEndpoint!;
    const resyncs: string[] = [];
    const gaps: Array<[number, number]> = [];
    const sub = new TickSubscriber({
      endpoint,
      symbols: ["XAUUSD"],
      clock: new LiveClock(),
      staleAfterMs: 5000,
      onTick: () => {},
      onAccount: () => {},
      onGap: (expected, got) => gaps.push([expected, got]),
      onResync: (why) => resyncs.push(why),
    });
    cleanup.unshift(() => sub.stop());
    sub.start();
    await sleep(150);
    const account = (seq: number) =>
      JSON.stringify({ seq, time: 1, balance: 1, equity: 1, margin: 0, freeMargin: 1, marginLevel: null });
    for (const seq of [0, 1, 2]) await pub.send(["ACCOUNT", account(seq)]);
    await sleep(100);
    expect(resyncs).toEqual([]);
    // the publisher restarts on the same port and happens to continue the numbering: no gap to see
    pub.close();
    await sleep(100);
    pub = new Publisher({ linger: 0 });
    await pub.bind(endpoint);
    const restarted = pub;
    cleanup.push(() => restarted.close());
    for (let i = 0; i < 40 && resyncs.length === 0; i++) {
      await pub.send(["ACCOUNT", account(3 + i)]);
      await sleep(50);
    }
    expect(resyncs).toEqual(["the connection to the publisher broke"]);
    // the numbering went on (3, 4, … were sent): at most the frames sent before the subscription was
    // back in force show as a gap; the resync does not depend on it
    expect(gaps.every(([expected]) => expected === 3)).toBe(true);
  });
});

describe("tick subscriber: a publisher with a new start id", () => {
  it("is a restart, said once, even when the connection never broke and the numbering goes on (a relay, a tunnel in between)", async () => {
    const pub = await publisher();
    let accounts = 0;
    const resyncs: string[] = [];
    const gaps: Array<[number, number]> = [];
    const sub = new TickSubscriber({
      endpoint: pub.lastEndpoint!,
      symbols: ["XAUUSD"],
      clock: new LiveClock(),
      staleAfterMs: 5000,
      onTick: () => {},
      onAccount: () => void accounts++,
      onGap: (expected, got) => gaps.push([expected, got]),
      onResync: (why) => resyncs.push(why),
    });
    cleanup.unshift(() => sub.stop());
    sub.start();
    const account = (seq: number, boot: string) =>
      JSON.stringify({
        seq,
        boot,
        time: 1,
        balance: 1,
        equity: 1,
        margin: 0,
        freeMargin: 1,
        marginLevel: null,
      });
    // slow joiner: send the first stream's events until one arrives
    let seq = 0;
    while (accounts === 0 && seq < 200) {
      await pub.send(["ACCOUNT", account(seq++, "first")]);
      await sleep(20);
    }
    for (let i = 0; i < 3; i++) await pub.send(["ACCOUNT", account(seq++, "first")]);
    await pub.send(["HEARTBEAT", JSON.stringify({ time: 1, seq: 7, boot: "first" })]);
    await sleep(100);
    expect(resyncs).toEqual([]);
    expect(gaps).toEqual([]);
    // the same socket, a new start: its numbering happens to go on where the last event stopped
    await pub.send(["ACCOUNT", account(seq++, "second")]);
    await pub.send(["HEARTBEAT", JSON.stringify({ time: 1, seq: 0, boot: "second" })]);
    await pub.send(["ACCOUNT", account(seq++, "second")]);
    await sleep(100);
    expect(resyncs).toEqual(["the bridge restarted (a new start id on its stream)"]);
    expect(gaps).toEqual([]);
  });
});

import { LiveClock, TestClock } from "../core/clock.js";
import { DayBoundary } from "../core/time.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import { requestIdOfComment } from "../execution/mt5/protocol/order-tag.js";
import { Mt5Venue } from "../execution/mt5/venue/mt5-venue.js";
import { CurrencyConverter } from "../model/currency-converter.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { Order } from "../model/order.js";
import { Ledger } from "../portfolio/ledger.js";
import { BrokerAccountMarks } from "../risk/account-marks.js";
import { type Fault, PUB_FAULTS, type Step } from "./bridge-fault-schedules-draw.js";
import { PubFaultRelay } from "./bridge-fault-schedules-relay.js";
import { BrokerSync } from "./node/broker-sync.js";
import { SimBridgeServer } from "./sim-bridge/sim-bridge-server.js";

const T0 = Date.UTC(2024, 0, 10, 12, 0, 0);
const ANY = "tcp://127.0.0.1:*";
const SPREAD = 0.3;
const CASH = 100_000;
/** test-clock ms after the last fault within which the books must be the broker's (the runner's periodic pass is 30 s) */
export const CONVERGE_MS = 10_000;
/** the subscriber's stale limit (wall ms): a silence longer than it is a dead publisher */
const STALE_MS = 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cents = (x: number): number => Math.round(x * 100) / 100;

/** What one schedule did and found. */
export interface ScheduleResult {
  /** what was done, step by step, as it happened (a close with nothing open is "close(none)") */
  done: string[];
  faults: Partial<Record<Fault, number>>;
  ordersSent: number;
  duplicates: number;
  lost: number;
  /** positions the broker closed by itself, by its word on the deal: stop, target, stop-out */
  brokerCloses: { sl: number; tp: number; so: number };
  /** broken invariants (empty: the schedule passed) */
  problems: string[];
}

/**
 * Runs one drawn schedule as a live node meets it: the simulated bridge on real ZeroMQ sockets, its price
 * stream through the fault relay, the MT5 venue, the node's broker sync (deal events booked at once, a
 * sequence gap or a reconnected stream reconciles at once), the node's ledger and its broker-anchored
 * account figures. Time-outs and graces run on a test clock; the sockets and the subscriber's stale limit
 * on the wall clock. Then the invariants: never a duplicate order (by request id at the broker, and no
 * order filled twice in the books), no order lost (filled in the books exactly when the broker has its
 * deal), the books' positions and balance (to the cent) the broker's within CONVERGE_MS of test-clock time
 * after the last step, with no periodic reconciliation, every outcome known after the runner's periodic
 * pass, and the node still up (feed alive, bridge answering, nothing thrown).
 */
export async function runSchedule(seed: number, steps: readonly Step[]): Promise<ScheduleResult> {
  const res: ScheduleResult = {
    done: [],
    faults: {},
    ordersSent: 0,
    duplicates: 0,
    lost: 0,
    brokerCloses: { sl: 0, tp: 0, so: 0 },
    problems: [],
  };
  const cleanup: Array<() => unknown> = [];
  const thrown: string[] = [];
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
  };
  // an error that escapes (an unhandled rejection) would end a node: the schedule fails with it
  const escaped = (e: unknown): void => {
    thrown.push(`escaped: ${e instanceof Error ? e.message : String(e)}`);
  };
  process.on("unhandledRejection", escaped);
  cleanup.push(() => process.off("unhandledRejection", escaped));
  try {
    const clock = new TestClock(T0);
    const spec = { ...resolveInstrument("XAUUSD"), commissionPerLot: 3.5 };
    const instruments = new InstrumentTable([spec]);
    const server = new SimBridgeServer();
    await server.start({
      rep: ANY,
      pub: ANY,
      symbols: ["XAUUSD"],
      specs: { XAUUSD: spec },
      source: { kind: "manual" },
      clock,
      heartbeatMs: 20,
      accountEveryMs: 40,
      cash: CASH,
    });
    cleanup.push(() => server.stop());
    const relay = new PubFaultRelay();
    await relay.start(server.endpoints.pub);
    cleanup.push(() => relay.stop());
    const client = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 60, retries: 3 });
    const terminal = new BridgeClient({ endpoint: server.endpoints.rep, timeoutMs: 2000, retries: 3 });
    cleanup.push(
      () => client.close(),
      () => terminal.close(),
    );
    let p = 2000;
    const tick = (): void => server.pushTick("XAUUSD", p, cents(p + SPREAD), clock.now());
    tick();

    // the node: ledger, venue, broker-anchored account figures, broker sync and the subscriber
    const ledger = new Ledger(
      instruments,
      CASH,
      new DayBoundary("UTC"),
      new CurrencyConverter([spec], { accountCurrency: "USD" }),
    );
    const marks = new BrokerAccountMarks(ledger);
    const venue = new Mt5Venue({ client, instruments, clock, log });
    const fills = new Map<string, number>();
    venue.setListener({
      onFill: (f, position) => {
        log(`${f.opening ? "opened" : "closed"} ${position.id} ${f.volume} by ${f.orderId} (${f.reason})`);
        fills.set(f.orderId, (fills.get(f.orderId) ?? 0) + 1);
        ledger.applyFill(f, position);
      },
      onOrderUpdate: () => {},
      onSwap: (position, amount) => ledger.applySwap(position.id, amount),
    });
    const sync = new BrokerSync(venue, client, log);
    const events = sync.events();
    const sub = new TickSubscriber({
      endpoint: relay.endpoint,
      symbols: ["XAUUSD"],
      clock: new LiveClock(),
      staleAfterMs: STALE_MS,
      onTick: (t) => {
        ledger.mark(0, t.bid, t.ask);
        venue.onTick();
      },
      ...events,
      onAccount: (e) => {
        events.onAccount?.(e);
        marks.anchor(e.balance, e.equity);
      },
    });
    sub.start();
    cleanup.push(() => sub.stop());
    for (let i = 0; !sub.feed.alive; i++) {
      if (i > 400) throw new Error("the feed never came alive through the relay");
      await sleep(5);
    }
    await sync.reconcile();

    const sent: Array<{ order: Order; requestId: string }> = [];
    const barrier = (): Promise<unknown> => client.call("PING", {}).catch(() => undefined);
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      const venueRequest = s.action === "open" || (s.action === "close" && venue.positions().length > 0);
      // a reply fault is for the venue's own request; a restart or a stream fault hits whatever is going on
      const fault: Fault =
        !venueRequest && s.fault !== "bridge-restart" && !isPubFault(s.fault) ? "none" : s.fault;
      if (fault !== "none") res.faults[fault] = (res.faults[fault] ?? 0) + 1;
      const restarting = armFault(fault, s, server, relay);
      let what: string = s.action;
      if (s.action === "open" || s.action === "close") {
        const open = venue.positions();
        const target = s.action === "close" ? open[Math.floor(s.pick * open.length)] : undefined;
        if (s.action === "close" && target === undefined) what = "close(none)";
        else {
          const side = target === undefined ? s.side : target.side === "buy" ? "sell" : "buy";
          const entry = entryOrder(`S${seed}.O${i}`, clock.now(), side, s, p);
          const order: Order =
            target === undefined
              ? entry
              : {
                  ...entry,
                  volume: target.volume,
                  sl: Number.NaN,
                  tp: Number.NaN,
                  closesPositionId: target.id,
                };
          venue.submit(order);
          res.ordersSent++;
          sent.push({ order, requestId: venue.inFlight.get(order.id)?.requestId ?? "" });
        }
      } else if (s.action === "terminal-close") {
        const { positions } = await terminal.call("POSITIONS", {});
        const target = positions[Math.floor(s.pick * positions.length)];
        if (target === undefined) what = "terminal-close(none)";
        else await terminal.call("CLOSE", { ticket: target.ticket }).catch(() => undefined);
      } else if (s.action === "price-move") {
        p = cents(Math.max(1000, p + s.move));
        tick();
      } else {
        what = (await stopOut(server, terminal, p, (np) => (p = np), tick)) ? "stop-out" : "stop-out(none)";
      }
      await restarting;
      await barrier();
      server.faults.clear();
      res.done.push(`${what}${fault === "none" ? "" : `+${fault}`}`);
      clock.advance(s.advance);
      tick();
      await sleep(1);
    }
    // the books must be the broker's within CONVERGE_MS of the last step, the market quiet (a tick a
    // quarter second), on what the node does by itself: no periodic reconciliation in that time
    let apart = "";
    for (let waited = 0; ; waited += 250) {
      apart = await booksApart(venue, ledger, marks, server, terminal);
      if (apart === "" || waited >= CONVERGE_MS) break;
      // a dead feed is a matter of wall time (the subscriber's stale limit, its reconnection): waited out
      for (let i = 0; !sub.feed.alive && i < 200; i++) await sleep(10);
      clock.advance(250);
      tick();
      await barrier();
      await sleep(10);
    }
    if (apart !== "")
      res.problems.push(`the books are not the broker's ${CONVERGE_MS} ms after the last step: ${apart}`);
    // the runner's periodic pass: every outcome known
    clock.advance(30_000);
    tick();
    await sync.reconcile();
    await venue.settle(200);
    if (venue.inFlight.size > 0)
      res.problems.push(`outcome unknown after the periodic pass: ${[...venue.inFlight.keys()].join(", ")}`);

    // never a duplicate: an entry's request id on one IN deal at most, an order filled once at most
    const { deals } = await terminal.call("HISTORY", { since: 0 });
    const stampedIn = new Map<string, number>();
    for (const d of deals) {
      for (const k of ["sl", "tp", "so"] as const) if (d.comment.startsWith(`[${k}`)) res.brokerCloses[k]++;
      const rid = requestIdOfComment(d.comment);
      if (d.entry === "IN" && rid !== undefined) stampedIn.set(rid, (stampedIn.get(rid) ?? 0) + 1);
    }
    for (const [rid, n] of stampedIn)
      if (n > 1) {
        res.duplicates += n - 1;
        res.problems.push(`request ${rid} executed ${n} times at the broker`);
      }
    for (const [id, n] of fills)
      if (n > 1 && !id.includes(":")) {
        res.duplicates += n - 1;
        res.problems.push(`order ${id} filled ${n} times in the books`);
      }
    // never lost: an entry filled in the books exactly when the broker executed it
    for (const { order, requestId } of sent) {
      if (order.closesPositionId !== undefined) continue;
      const atBroker = stampedIn.has(requestId);
      if (atBroker !== (order.state === "filled")) {
        res.lost++;
        res.problems.push(
          `order ${order.id} (${requestId}) is ${order.state} in the books, ${atBroker ? "executed" : "not executed"} at the broker`,
        );
      }
    }
    // the node is still up: the feed alive, the bridge answering, nothing thrown
    for (let i = 0; !sub.feed.alive && i < 100; i++) await sleep(5);
    if (!sub.feed.alive) res.problems.push("the feed is dead at the end");
    if (!sync.bridgeUp) res.problems.push("the bridge did not answer the last reconciliation");
    res.problems.push(...thrown);
    // what the node said, for a failing seed
    if (res.problems.length > 0) res.problems.push(`the node's log:\n    ${lines.join("\n    ")}`);
  } catch (e) {
    res.problems.push(`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    for (const c of cleanup.reverse()) await c();
  }
  return res;
}

function isPubFault(f: Fault): boolean {
  return (PUB_FAULTS as readonly string[]).includes(f);
}

/** Arms one fault; a restart starts at once and is awaited after the step's action (which meets it). */
function armFault(fault: Fault, s: Step, server: SimBridgeServer, relay: PubFaultRelay): Promise<void> {
  const f = server.faults;
  switch (fault) {
    case "drop-reply":
      f.dropReplies(1);
      break;
    case "no-connection":
      f.forceRetcode(10031, 1);
      break;
    case "malformed-reply":
      f.malformReplies(1);
      break;
    case "duplicate-request":
      f.duplicateRequests(1);
      break;
    case "slow-reply":
      f.delayReplies(s.ms, 1);
      break;
    case "bridge-restart":
      return server.restart(s.ms);
    case "drop-event":
      relay.dropEvents(1);
      break;
    case "delay-events":
      relay.delayEvents(s.ms);
      break;
    case "duplicate-event":
      relay.duplicateEvents(1);
      break;
    case "reorder-events":
      relay.reorderNext();
      break;
    case "malformed-event":
      relay.malformEvents(1);
      break;
    case "drop-tick":
      relay.dropTicks(1);
      break;
    case "silent-publisher":
      relay.silence(STALE_MS + s.ms);
      break;
    case "none":
      break;
  }
  return Promise.resolve();
}

function entryOrder(id: string, at: number, side: "buy" | "sell", s: Step, p: number): Order {
  const ask = cents(p + SPREAD);
  const sl = Number.isNaN(s.slAway)
    ? Number.NaN
    : side === "buy"
      ? cents(p - s.slAway)
      : cents(ask + s.slAway);
  const tp = Number.isNaN(s.tpAway)
    ? Number.NaN
    : side === "buy"
      ? cents(ask + s.tpAway)
      : cents(p - s.tpAway);
  return {
    id,
    source: "bot",
    symbol: "XAUUSD",
    side,
    type: "market",
    volume: s.volume,
    price: Number.NaN,
    sl,
    tp,
    closesPositionId: undefined,
    expiresAt: Number.POSITIVE_INFINITY,
    tag: "HYDRA_Faults",
    createdAt: at,
    state: "initialized",
    updatedAt: at,
    fillPrice: Number.NaN,
    reason: "",
  };
}

/**
 * A stop-out at the broker: a large buy opened on the terminal, then the price falls until the margin
 * level is under the stop-out level (the biggest loser goes first). False when no net long can be built.
 */
async function stopOut(
  server: SimBridgeServer,
  terminal: BridgeClient,
  p: number,
  setPrice: (p: number) => void,
  tick: () => void,
): Promise<boolean> {
  const l = server.broker.ledger;
  const perLot = (p * 100) / 30;
  const volume = Math.min(100, Math.floor(((l.freeMargin * 0.8) / perLot) * 100) / 100);
  if (volume < 0.01) return false;
  const ok = await terminal
    .call("TRADE", { symbol: "XAUUSD", direction: "BUY", volume, comment: "manual" })
    .then(() => true)
    .catch(() => false);
  if (!ok) return false;
  let net = 0;
  for (const q of server.broker.venue.positions()) net += q.side === "buy" ? q.volume : -q.volume;
  if (net <= 0) return false;
  const drop = ((l.equity - 0.5 * l.margin) / (net * 100)) * 1.3 + 1;
  setPrice(cents(p - drop));
  tick();
  return true;
}

/** How the books differ from the broker's (empty: they agree) — positions by ticket, side and volume; the balance to the cent. */
async function booksApart(
  venue: Mt5Venue,
  ledger: Ledger,
  marks: BrokerAccountMarks,
  server: SimBridgeServer,
  terminal: BridgeClient,
): Promise<string> {
  const { positions } = await terminal.call("POSITIONS", {});
  const theirs = positions
    .map((q) => `T${q.ticket} ${q.direction === "BUY" ? "buy" : "sell"} ${q.volume}`)
    .sort()
    .join(", ");
  const ours = venue
    .positions()
    .map((q) => `${q.id} ${q.side} ${q.volume}`)
    .sort()
    .join(", ");
  const booked = ledger.positions
    .map((q) => `${q.id} ${q.side} ${q.volume}`)
    .sort()
    .join(", ");
  const out: string[] = [];
  if (ours !== theirs) out.push(`venue [${ours}] vs broker [${theirs}]`);
  if (booked !== theirs) out.push(`ledger [${booked}] vs broker [${theirs}]`);
  const balance = cents(server.broker.ledger.balance);
  if (cents(marks.balance) !== balance) out.push(`balance ${cents(marks.balance)} vs broker ${balance}`);
  return out.join("; ");
}

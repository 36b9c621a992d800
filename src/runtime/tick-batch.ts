/**
 * A growing buffer of ticks of several instruments in time order (instrument index, time, bid, ask), the
 * shape `HydraOrchestrator.onTicks` folds. Cleared and refilled, it allocates only when it grows.
 */
export class TickBatch {
  syms = new Uint16Array(1024);
  time = new Float64Array(1024);
  bid = new Float64Array(1024);
  ask = new Float64Array(1024);
  length = 0;

  push(sym: number, time: number, bid: number, ask: number): void {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.syms[i] = sym;
    this.time[i] = time;
    this.bid[i] = bid;
    this.ask[i] = ask;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const syms = new Uint16Array(n);
    syms.set(this.syms);
    this.syms = syms;
    for (const k of ["time", "bid", "ask"] as const) {
      const a = new Float64Array(n);
      a.set(this[k]);
      this[k] = a;
    }
  }
}

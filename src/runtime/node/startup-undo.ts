/**
 * What a node opened while it starts (the simulated bridge, sockets, files, servers), closed in reverse
 * order when the start fails: a bad metrics host or a bad KILL_SWITCH then exits at once instead of
 * leaving the process alive with ports bound. Once the node is up, its own shutdown closes them.
 */
export class StartupUndo {
  private readonly closers: Array<() => unknown> = [];
  private up = false;

  /** registers what closes a resource just opened (ignored once the node is up) */
  add(close: () => unknown): void {
    if (!this.up) this.closers.push(close);
  }

  /** the node is up: its shutdown closes what it opened from now on */
  started(): void {
    this.up = true;
    this.closers.length = 0;
  }

  /** closes everything registered, newest first; a closer that fails does not stop the others */
  async undo(): Promise<void> {
    const all = this.closers.splice(0).reverse();
    for (const close of all) {
      try {
        await close();
      } catch {
        // the start already failed: its error is the one to report
      }
    }
  }
}

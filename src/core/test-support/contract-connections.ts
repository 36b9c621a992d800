import { afterEach } from "vitest";

/** One empty backing store of a contract suite; `connect` opens another connection to it (another process of one host). */
export interface StoreBackend<S> {
  connect(): S;
  /** removes the backing store; called after every connection is closed */
  cleanup(): void;
}

/**
 * The connections a contract suite's tests open: the backend is made at the first, and after each test
 * every connection is closed and the backend removed.
 */
export function contractConnections<S extends { close(): void }>(
  makeBackend: () => StoreBackend<S>,
): () => S {
  let backend: StoreBackend<S> | undefined;
  let open: S[] = [];
  afterEach(() => {
    for (const s of open) s.close();
    open = [];
    backend?.cleanup();
    backend = undefined;
  });
  return () => {
    backend ??= makeBackend();
    const s = backend.connect();
    open.push(s);
    return s;
  };
}

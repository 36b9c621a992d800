import { afterEach } from "vitest";

/**
 * One empty backing database of a contract suite of a node's store: `connect(nodeId)` opens a store of
 * that node on it (another process of the node, or another node: SQLite gives each node its own file,
 * PostgreSQL keeps them apart by node id in one database).
 */
export interface NodeStoreBackend<S> {
  connect(nodeId: string): S;
  /** removes the backing database; called after every store is closed */
  cleanup(): void;
}

type StoreOf<B> = B extends NodeStoreBackend<infer S> ? S : never;

/**
 * The backend of a suite's test (made at its first use) and the stores opened on it (`connect`, or
 * opened otherwise and given to `track`): after each test every store is closed and the backend removed.
 */
export function nodeStoreBackend<B extends NodeStoreBackend<{ close(): void }>>(
  make: () => B,
): { connect(nodeId?: string): StoreOf<B>; backend(): B; track(store: StoreOf<B>): StoreOf<B> } {
  type S = StoreOf<B>;
  let backend: B | undefined;
  let open: S[] = [];
  afterEach(() => {
    for (const s of open) s.close();
    open = [];
    backend?.cleanup();
    backend = undefined;
  });
  const current = (): B => {
    backend ??= make();
    return backend;
  };
  const track = (s: S): S => {
    open.push(s);
    return s;
  };
  return { connect: (nodeId = "node-a") => track(current().connect(nodeId) as S), backend: current, track };
}

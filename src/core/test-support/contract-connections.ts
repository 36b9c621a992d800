import { afterEach } from "vitest";

/** One empty backing store of a contract suite; `connect` opens another connection to it (another process of one host). */
export interface StoreBackend<S> {
  connect(): S;
  /** removes the backing store; called after every connection is closed */
  cleanup(): void;
}

/**
 * One empty backing database of a contract suite of a node's store: `connect(nodeId, ...more)` opens a
 * store of that node on it (another process of the node, or another node: SQLite gives each node its
 * own file, PostgreSQL keeps them apart by node id in one database).
 */
export interface NodeStoreBackend<S, A extends unknown[] = []> {
  connect(nodeId: string, ...more: A): S;
  /** removes the backing database (and closes what it opened itself); called after every store is closed */
  cleanup(): void;
}

interface Closable {
  close(): void;
}

/**
 * The backend of a suite's test, made at its first use, and the stores opened on it (given to `track`):
 * after each test every store is closed and the backend removed.
 */
function backendOfEachTest<B extends { cleanup(): void }>(
  make: () => B,
): { backend(): B; track<S extends Closable>(s: S): S } {
  let backend: B | undefined;
  let open: Closable[] = [];
  afterEach(() => {
    for (const s of open) s.close();
    open = [];
    backend?.cleanup();
    backend = undefined;
  });
  return {
    backend: () => {
      backend ??= make();
      return backend;
    },
    track: (s) => {
      open.push(s);
      return s;
    },
  };
}

/**
 * The connections a contract suite's tests open: the backend is made at the first, and after each test
 * every connection is closed and the backend removed.
 */
export function contractConnections<S extends Closable>(makeBackend: () => StoreBackend<S>): () => S {
  const { backend, track } = backendOfEachTest(makeBackend);
  return () => track(backend().connect());
}

type ConnectOf<B> = B extends { connect(nodeId: string, ...more: infer A): infer S }
  ? { more: A; store: S }
  : never;

/**
 * The stores a node-store contract suite's tests open, of any node (`connect`, node-a unless named; or
 * opened otherwise on `backend()` and given to `track`): the backend is made at the first use, and after
 * each test every store is closed and the backend removed.
 */
export function nodeStoreConnections<B extends NodeStoreBackend<Closable, never[]>>(
  makeBackend: () => B,
): {
  connect(nodeId?: string, ...more: ConnectOf<B>["more"]): ConnectOf<B>["store"];
  backend(): B;
  track<S extends Closable>(store: S): S;
} {
  const { backend, track } = backendOfEachTest(makeBackend);
  return {
    connect: (nodeId = "node-a", ...more) =>
      track(backend().connect(nodeId, ...(more as never[])) as Closable) as ConnectOf<B>["store"],
    backend,
    track,
  };
}

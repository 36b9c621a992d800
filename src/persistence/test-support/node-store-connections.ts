import { afterEach } from "vitest";

/** One empty database of a node-store contract suite, opened for any node. */
export interface NodeStoreBackend<S, R, A extends unknown[] = []> {
  /** node `nodeId`'s store (SQLite: the node's own file; PostgreSQL: the one database every node shares) */
  connect(nodeId: string, ...more: A): S;
  /** node `nodeId`'s rows under the SQLite table names, as the operator queries read them */
  reader(nodeId: string): R;
  /** closes the readers and removes the database; called after every store is closed */
  cleanup(): void;
}

/**
 * The stores a contract suite's tests open, of any node: the backend is made at the first, and after
 * each test every store is closed and the backend removed.
 */
export function nodeStoreConnections<S extends { close(): void }, R, A extends unknown[] = []>(
  makeBackend: () => NodeStoreBackend<S, R, A>,
): { connect(nodeId: string, ...more: A): S; reader(nodeId: string): R } {
  let backend: NodeStoreBackend<S, R, A> | undefined;
  let open: S[] = [];
  afterEach(() => {
    for (const s of open) s.close();
    open = [];
    backend?.cleanup();
    backend = undefined;
  });
  return {
    connect: (nodeId, ...more) => {
      backend ??= makeBackend();
      const s = backend.connect(nodeId, ...more);
      open.push(s);
      return s;
    },
    reader: (nodeId) => {
      backend ??= makeBackend();
      return backend.reader(nodeId);
    },
  };
}

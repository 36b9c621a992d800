/**
 * Why a ZeroMQ endpoint is malformed, or undefined when it is well formed: tcp://HOST:PORT (PORT
 * 1…65535; a bind may also take * for the host, * or 0 for the port), ipc://PATH or inproc://NAME. ZeroMQ itself
 * only says "Invalid argument", which names nothing.
 */
export function endpointProblem(text: string, bind = false): string | undefined {
  const ipc = /^(ipc|inproc):\/\/(.+)$/.exec(text);
  if (ipc !== null) return undefined;
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9*._-]+):([0-9]+|\*)$/.exec(text);
  const example = bind ? "tcp://127.0.0.1:15555 (or tcp://127.0.0.1:*)" : "tcp://127.0.0.1:15555";
  if (tcp === null) return `must be an endpoint such as ${example}, ipc://PATH or inproc://NAME`;
  const [, host, port] = tcp as unknown as [string, string, string];
  if (!bind && (host === "*" || port === "*")) return `names no address to connect to (${example})`;
  const lowest = bind ? 0 : 1; // a bind on port 0 takes any free port
  if (port !== "*" && (Number(port) < lowest || Number(port) > 65_535))
    return `has port ${port}: a port is ${lowest}…65535`;
  return undefined;
}

import { afterEach } from "vitest";
import { type ApiServer, startApiServer } from "../api-server.js";
import { FakeView, RecordingControl } from "./fake-node.js";

export interface Started {
  server: ApiServer;
  base: string;
  view: FakeView;
  control: RecordingControl;
  logs: string[];
}

const open: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A real server on 127.0.0.1 (a free port) over the fake view and the recording control; closed after each test. */
export async function startFake(o: { token?: string; heartbeatMs?: number } = {}): Promise<Started> {
  const view = new FakeView();
  const control = new RecordingControl();
  const logs: string[] = [];
  const server = await startApiServer({ port: 0, view, control, log: (l) => logs.push(l), ...o });
  open.push(server);
  return { server, base: `http://127.0.0.1:${server.port}/api/v1`, view, control, logs };
}

/** The error part of an error answer (its status checked by the caller). */
export async function errorOf(res: Response): Promise<{ code: string; message: string; field?: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  return body.error;
}

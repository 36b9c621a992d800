import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake provider received (body parsed as JSON). */
export interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  text: string;
}

export type Reply = { status: number; body: unknown } | "hang";
export type Handler = (req: Captured) => Reply;

/** A local HTTP server on 127.0.0.1 that answers like a provider does; `hang` never answers. */
export interface WireServer {
  readonly origin: string;
  readonly requests: Captured[];
  handler: Handler;
  close(): Promise<void>;
}

export async function startWireServer(handler: Handler): Promise<WireServer> {
  const requests: Captured[] = [];
  const state: { handler: Handler } = { handler };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const captured: Captured = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        text,
      };
      requests.push(captured);
      const reply = state.handler(captured);
      if (reply === "hang") return;
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get handler() {
      return state.handler;
    },
    set handler(h: Handler) {
      state.handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface WireUsage {
  input: number;
  output: number;
}

/** OpenAI chat completions (DeepSeek, xAI, OpenAI-compatible servers such as Ollama). */
export const openAiChat = {
  ok: (content: string, u: WireUsage): unknown => ({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "test-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
  }),
  error: (message: string): unknown => ({ error: { message, type: "server_error", code: null } }),
};

/** Anthropic Messages API: a text block, or a tool_use block when the SDK asked through a "json" tool. */
export const anthropicMessages = {
  ok: (req: Captured, content: string, u: WireUsage): unknown => {
    const body = req.body as { tools?: Array<{ name: string }>; model?: string };
    const viaTool = body.tools?.some((t) => t.name === "json") ?? false;
    let input: unknown;
    try {
      input = JSON.parse(content);
    } catch {
      input = { text: content };
    }
    return {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: body.model ?? "claude",
      content: viaTool
        ? [{ type: "tool_use", id: "toolu_1", name: "json", input }]
        : [{ type: "text", text: content }],
      stop_reason: viaTool ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { input_tokens: u.input, output_tokens: u.output },
    };
  },
  error: (type: string, message: string): unknown => ({ type: "error", error: { type, message } }),
};

/** Google Generative Language generateContent. */
export const googleGenerate = {
  ok: (content: string, u: WireUsage): unknown => ({
    candidates: [{ content: { role: "model", parts: [{ text: content }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: {
      promptTokenCount: u.input,
      candidatesTokenCount: u.output,
      totalTokenCount: u.input + u.output,
    },
    modelVersion: "gemini-test",
  }),
  error: (code: number, status: string, message: string): unknown => ({ error: { code, message, status } }),
};

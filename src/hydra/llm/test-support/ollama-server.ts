import { type Captured, type Reply, startWireServer, type WireServer } from "./wire-server.js";

/**
 * A local HTTP server on 127.0.0.1 that speaks Ollama's OpenAI-compatible API as Ollama does
 * (ollama/openai/openai.go): POST /v1/chat/completions answers a `chat.completion` with
 * `system_fingerprint: "fp_ollama"` and usage counted in tokens; an unknown model is a 404
 * `not_found_error` ("try pulling it first"), a bad body a 400 `invalid_request_error`; GET /v1/models
 * lists the pulled models. `answer` writes the assistant's content for each chat request.
 */
export interface OllamaChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  temperature?: number;
  max_tokens?: number;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
}

export type OllamaAnswer = (req: OllamaChatRequest) => string | Reply;

export interface OllamaServer extends WireServer {
  /** the chat requests only, in order */
  chats(): OllamaChatRequest[];
  answer: OllamaAnswer;
}

const error = (status: number, message: string): Reply => ({
  status,
  body: {
    error: {
      message,
      type: status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error",
      param: null,
      code: null,
    },
  },
});

/** Ollama counts tokens with the model's tokenizer; about four characters a token is near enough here. */
const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

const isChat = (b: unknown): b is OllamaChatRequest =>
  typeof b === "object" &&
  b !== null &&
  typeof (b as OllamaChatRequest).model === "string" &&
  Array.isArray((b as OllamaChatRequest).messages);

export async function startOllamaServer(
  models: readonly string[],
  answer: OllamaAnswer,
): Promise<OllamaServer> {
  const state = { answer };
  let n = 0;
  const handle = (req: Captured): Reply => {
    if (req.method === "GET" && req.url === "/v1/models")
      return {
        status: 200,
        body: {
          object: "list",
          data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "library" })),
        },
      };
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return error(404, "404 page not found");
    if (!isChat(req.body)) return error(400, "invalid request body");
    const body = req.body;
    if (body.stream === true) return error(400, "this test server answers without streaming only");
    if (!models.includes(body.model))
      return error(404, `model "${body.model}" not found, try pulling it first`);
    const out = state.answer(body);
    if (typeof out !== "string") return out;
    const prompt = body.messages.map((m) => m.content).join("\n");
    const [input, output] = [tokens(prompt), tokens(out)];
    return {
      status: 200,
      body: {
        id: `chatcmpl-${++n}`,
        object: "chat.completion",
        created: 1_700_000_000 + n,
        model: body.model,
        system_fingerprint: "fp_ollama",
        choices: [{ index: 0, message: { role: "assistant", content: out }, finish_reason: "stop" }],
        usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
      },
    };
  };
  const server = await startWireServer(handle);
  return {
    origin: server.origin,
    requests: server.requests,
    get handler() {
      return server.handler;
    },
    set handler(h) {
      server.handler = h;
    },
    close: () => server.close(),
    chats: () => server.requests.filter((r) => isChat(r.body)).map((r) => r.body as OllamaChatRequest),
    get answer() {
      return state.answer;
    },
    set answer(a: OllamaAnswer) {
      state.answer = a;
    },
  };
}

/** The user message of a chat request: the cycle's prompt as HYDRA wrote it. */
export const userPrompt = (req: OllamaChatRequest): string =>
  req.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");

import Database from "better-sqlite3";
import { type OllamaChatRequest, userPrompt } from "../../hydra/llm/test-support/ollama-server.js";

/** The local gladiator of HYDRA_LOCAL_MODEL=llama3.1:8b, and its id. */
export const LOCAL_MODEL = "llama3.1:8b";
export const LOCAL_ID = "local-llama3-1-8b";

/** No paid key reaches a spawned run (the local model plays alone), no kill switch, no turbo. */
export const NO_PAID_KEYS: Record<string, string | undefined> = {
  KILL_SWITCH: "false",
  DEEPSEEK_API_KEY: undefined,
  ANTHROPIC_API_KEY: undefined,
  XAI_API_KEY: undefined,
  GOOGLE_API_KEY: undefined,
  HYDRA_LOCAL_MODEL: undefined,
  HYDRA_LOCAL_MODEL_URL: undefined,
  HYDRA_LOCAL_MODEL_API_KEY: undefined,
  USE_TURBO_BATCH: undefined,
};

/**
 * A small model that trades BTC: `open` long at the prompt's price when flat (its stop and target the
 * given fractions away), `hold` once the prompt shows its open position; `action: "hold"` always holds.
 */
export function btcModel(
  rationale: string,
  o: { stop: number; target: number; action?: "open" | "hold" },
): (req: OllamaChatRequest) => string {
  return (req) => {
    const prompt = userPrompt(req);
    const price = Number(prompt.match(/BTC-USD: price ([\d.]+)/)?.[1]);
    const holds = o.action === "hold" || /open (long|short) BTC-USD/.test(prompt);
    return JSON.stringify({
      decisions: [
        {
          action: holds ? "hold" : "open",
          asset: "BTC-USD",
          direction: "long",
          entry: price,
          stopLoss: Number((price * (1 - o.stop)).toFixed(2)),
          takeProfit: Number((price * (1 + o.target)).toFixed(2)),
          confidence: 0.6,
          rationale,
        },
      ],
    });
  };
}

/** Waits (wall time, bounded) until the condition holds; the caller asserts afterwards. */
export async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
}

/** Rows of a query on a run's SQLite database, opened read-only for the moment. */
export function rows<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

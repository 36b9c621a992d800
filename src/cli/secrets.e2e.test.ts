import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../alerts/test-support/fake-telegram.js";
import { FakeTwilio } from "../alerts/test-support/fake-twilio.js";
import { SmtpSink } from "../alerts/test-support/smtp-sink.js";
import { encodeZ85 } from "../core/z85.js";
import { startOllamaServer } from "../hydra/llm/test-support/ollama-server.js";
import { LOCAL_MODEL, NO_PAID_KEYS } from "./test-support/local-model-e2e.js";
import { writeReliability } from "./test-support/reliability-out.js";
import { BUILT, type HydraProcess, spawnHydra } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the secrets end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-secrets-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every credential the product reads, a made-up value of its shape, new each run (none is in the repository).
const hex = (n: number): string => randomBytes(n).toString("hex");
const b64 = (n: number): string => randomBytes(n).toString("base64url");
const TWILIO_SID = `AC${hex(16)}`;
const TWILIO_TOKEN = hex(16);
const SMTP_USER = `hydra-${hex(4)}@example.test`;
const SMTP_PASS = `pw-${b64(18)}`;
const PLANTED: Record<string, string> = {
  DEEPSEEK_API_KEY: `sk-${hex(16)}`,
  ANTHROPIC_API_KEY: `sk-ant-api03-${b64(60)}`,
  XAI_API_KEY: `xai-${b64(60)}`,
  GOOGLE_API_KEY: `AIza${b64(26).slice(0, 35)}`,
  GOOGLE_GENERATIVE_AI_API_KEY: `AIza${b64(26).slice(0, 35)}`,
  HYDRA_LOCAL_MODEL_API_KEY: `local-${b64(24)}`,
  COINBASE_API_KEY_NAME: `organizations/${randomUUID()}/apiKeys/${randomUUID()}`,
  COINBASE_API_PRIVATE_KEY: `-----BEGIN EC PRIVATE KEY-----\n${b64(90)}\n-----END EC PRIVATE KEY-----`,
  COINGECKO_API_KEY: `CG-${b64(18)}`,
  FTMO_PASS: `ftmo-${b64(12)}`,
  TWILIO_SID,
  TWILIO_TOKEN,
  SMTP_PASS,
  HYDRA_API_TOKEN: b64(32),
  HYDRA_CLIENT_SECRET_KEY: encodeZ85(randomBytes(32)),
  HYDRA_BRIDGE_CURVE_SECRET_KEY: encodeZ85(randomBytes(32)),
  GRAFANA_ADMIN_PASSWORD: `gf-${b64(12)}`,
};

/** The forms a value could leak in: as is, URL-encoded, base64 (HTTP basic auth), and a PEM's body. */
function needles(name: string, value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [[name, value]];
  if (encodeURIComponent(value) !== value) out.push([`${name} (url-encoded)`, encodeURIComponent(value)]);
  const pem = /-----\n(.+)\n-----/.exec(value)?.[1];
  if (pem !== undefined) out.push([`${name} (PEM body)`, pem]);
  return out;
}

/** Every place a planted value was found, as "VARIABLE in PLACE". */
function leaks(where: string, text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets))
    for (const [label, needle] of needles(name, value))
      if (text.includes(needle)) found.push(`${label} in ${where}`);
  return found;
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((f) => {
    const p = path.join(root, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe.skipIf(!BUILT)("secrets: planted credentials never leave the environment", () => {
  it("no planted value in any output, file, database, metric, API answer or alert of the nodes", async () => {
    const tg = await FakeTelegram.start();
    const twilio = await FakeTwilio.start(TWILIO_SID, TWILIO_TOKEN);
    const smtp = await SmtpSink.start({ user: SMTP_USER, pass: SMTP_PASS });
    // a provider that refuses the key and echoes it back in its error, as some do
    const llm = await startOllamaServer([LOCAL_MODEL], () => ({ status: 500, body: {} }));
    llm.handler = (req) => ({
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${[req.headers.authorization, req.headers["x-api-key"], req.headers["x-goog-api-key"]].filter((h) => h !== undefined).join(" ")} (${JSON.stringify(req.headers)} at ${req.url})`,
          type: "invalid_request_error",
        },
      },
    });
    // every provider's engine pointed at that server, each with its planted key
    const engine = (provider: string, apiKeyEnv: string) => ({
      id: `${provider}-e2e`,
      label: provider,
      provider,
      model: provider === "openai-compatible" ? LOCAL_MODEL : `${provider}-model`,
      temperature: 0,
      maxOutputTokens: 500,
      baseURL: `${llm.origin}/v1`,
      apiKeyEnv,
      pricing: { inputPerMTok: 1, outputPerMTok: 1 },
      timeoutMs: 5000,
      maxRetries: 0,
      budgets: { maxTokensPerDay: 1_000_000, maxUsdPerDay: 10 },
    });
    const llmConfig = path.join(dir, "llm.json");
    writeFileSync(
      llmConfig,
      JSON.stringify([
        engine("deepseek", "DEEPSEEK_API_KEY"),
        engine("anthropic", "ANTHROPIC_API_KEY"),
        engine("xai", "XAI_API_KEY"),
        engine("google", "GOOGLE_API_KEY"),
        engine("openai-compatible", "HYDRA_LOCAL_MODEL_API_KEY"),
      ]),
    );
    const secrets: Record<string, string> = { ...PLANTED, TELEGRAM_TOKEN: tg.token };
    const env: Record<string, string | undefined> = {
      ...NO_PAID_KEYS,
      ...PLANTED,
      TELEGRAM_TOKEN: tg.token,
      TELEGRAM_CHAT_ID: "4242",
      TELEGRAM_API_URL: tg.url,
      TWILIO_FROM: "+15550000001",
      TWILIO_TO: "+15550000002",
      TWILIO_API_URL: twilio.url,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(smtp.port),
      SMTP_USER,
      SMTP_FROM: "hydra@example.test",
      SMTP_TO: "ops@example.test",
      USE_TURBO_BATCH: "",
      USE_INDEPENDENT_TRADING: "",
    };
    const seen: Array<[string, string]> = [];
    const procs: Array<[string, HydraProcess]> = [];
    const spawnAs = (what: string, args: string[], more: Record<string, string | undefined> = {}) => {
      const p = spawnHydra(args, { env: { ...env, ...more } });
      procs.push([what, p]);
      return p;
    };
    const get = async (what: string, url: string, init?: RequestInit): Promise<Response> => {
      const res = await fetch(url, init);
      seen.push([`${what} (HTTP ${res.status})`, await res.clone().text()]);
      return res;
    };
    try {
      // 1. make run's node with every channel, the API and the metrics
      const demoDb = path.join(dir, "demo", "hydra.db");
      const demo = spawnAs("hydra demo", [
        "demo",
        ...["--speed", "600", "--api-port", "0", "--metrics-port", "0", "--db", demoDb],
      ]);
      const api = (await demo.waitFor(/\[api\] +dashboard on (http:\/\/127\.0\.0\.1:\d+)\/ /, 60_000))[1]!;
      const metricsPort = (await demo.waitFor(/metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 30_000))[1]!;
      await demo.waitFor(/\[ftmo\] +\S+ \(market\) fill (buy|sell) /, 60_000);
      for (const route of ["health", "status", "account", "positions", "orders", "trades", "days"])
        await get(`GET /api/v1/${route}`, `${api}/api/v1/${route}`);
      for (const route of ["challenge", "bots", "equity", "openapi.json"])
        await get(`GET /api/v1/${route}`, `${api}/api/v1/${route}`);
      await get("GET /", `${api}/`);
      const kill = (auth: string | undefined) =>
        get(
          `POST kill-switch (${auth === undefined ? "no token" : "a token"})`,
          `${api}/api/v1/kill-switch`,
          {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(auth === undefined ? {} : { authorization: auth }),
            },
            body: JSON.stringify({ on: true, reason: "secrets drill" }),
          },
        );
      expect((await kill(undefined)).status).toBe(401);
      expect((await kill(`Bearer ${PLANTED.HYDRA_API_TOKEN}x`)).status).toBe(401);
      expect((await kill(`Bearer ${PLANTED.HYDRA_API_TOKEN}`)).status).toBe(200);
      await demo.waitFor(/trading halted/, 10_000);
      // the critical alert goes out on all three channels
      await tg.waitFor(
        () => tg.sent.find((m) => m.text.includes("kill\\-switch\\-on")),
        15_000,
        "Telegram alert",
      );
      const until = async (cond: () => boolean, ms: number) => {
        const end = performance.now() + ms;
        while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
      };
      await until(() => twilio.messages.length > 0 && smtp.mails.length > 0, 15_000);
      expect(twilio.messages.length).toBeGreaterThan(0);
      expect(smtp.mails.length).toBeGreaterThan(0);
      tg.pushMessage(4242, "/status");
      await tg.waitFor(() => tg.sent.find((m) => m.text.startsWith("demo (paper)")), 15_000, "/status");
      await get("metrics", `http://127.0.0.1:${metricsPort}/metrics`);
      for (const args of [
        ["alerts", "--json", "--db", demoDb],
        ["status", "--url", api],
        ["status", "--url", api, "--json"],
        ["kill-switch", "status", "--db", demoDb],
        ["logs", "--node", "demo", "--db", demoDb, "--lines", "500"],
      ]) {
        const p = spawnAs(`hydra ${args.slice(0, 2).join(" ")}`, args);
        await p.exited();
      }
      expect(await demo.stop("SIGINT")).toBe(0);
      // every channel unreachable: each provider's failure is printed
      const unreachable = spawnAs(
        "hydra alerts test (channels unreachable)",
        ["alerts", "test", "--db", demoDb],
        {
          TELEGRAM_API_URL: "http://127.0.0.1:9",
          TWILIO_API_URL: "http://127.0.0.1:9",
          SMTP_PORT: "9",
        },
      );
      expect(await unreachable.exited()).toBe(1);
      expect(unreachable.output()).toMatch(/telegram.*(fail|error)/i);

      // 2. the tournament with an LLM whose provider refuses the key and echoes it; then killed
      const runDb = path.join(dir, "run", "hydra.db");
      const run = spawnAs("hydra run", [
        "run",
        ...["--engines", "llm", "--assets", "BTC-USD", "--cycle", "1m", "--speed", "120"],
        ...["--db", runDb, "--api-port", "0", "--metrics-port", "0"],
        ...["--record", path.join(dir, "run", "llm-calls.jsonl"), "--llm-config", llmConfig],
      ]);
      const runApi = (await run.waitFor(/API on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/, 30_000))[1]!;
      const runMetrics = (await run.waitFor(/metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/, 30_000))[1]!;
      await run.waitFor(/circuit breaker .*closed → open/, 60_000);
      // each provider was asked with its key and answered the 401 that echoes it
      for (const key of ["DEEPSEEK_API_KEY", "ANTHROPIC_API_KEY", "XAI_API_KEY", "GOOGLE_API_KEY"])
        expect(llm.requests.some((r) => JSON.stringify(r.headers).includes(PLANTED[key]!))).toBe(true);
      for (const route of ["status", "leaderboard", "decisions", "trades", "equity"])
        expect((await get(`hydra run GET /api/v1/${route}`, `${runApi}/api/v1/${route}`)).status).toBe(200);
      await get("hydra run metrics", `http://127.0.0.1:${runMetrics}/metrics`);
      await run.stop("SIGKILL");
      const after = spawnAs("hydra alerts (after the kill)", ["alerts", "--json", "--db", runDb]);
      await after.exited();

      // 3. error paths after the environment is read: a CurveZMQ key without its companion, a bad config
      const curve = spawnAs("hydra ftmo (curve key alone)", ["ftmo", "--db", path.join(dir, "ftmo", "h.db")]);
      expect(await curve.exited()).toBe(2);
      expect(curve.output()).toMatch(/HYDRA_BRIDGE_SERVER_KEY/);
      const bad = path.join(dir, "bad.yaml");
      writeFileSync(bad, "ftmo:\n  bots: 12\n");
      const badRun = spawnAs(
        "hydra ftmo (bad config)",
        ["ftmo", "--config", bad, "--db", path.join(dir, "h.db")],
        {
          HYDRA_CLIENT_SECRET_KEY: undefined,
        },
      );
      expect(await badRun.exited()).toBe(2);
    } finally {
      for (const [, p] of procs) await p.stop("SIGKILL", 5000);
      await llm.close();
      await tg.close();
      await twilio.close();
      await smtp.close();
    }

    // every planted value, everywhere it could have gone
    const found: string[] = [];
    for (const [what, p] of procs) found.push(...leaks(`output of ${what}`, p.output(), secrets));
    for (const [what, body] of seen) found.push(...leaks(what, body, secrets));
    const files = filesUnder(dir);
    for (const f of files)
      found.push(...leaks(`file ${path.relative(dir, f)}`, readFileSync(f).toString("latin1"), secrets));
    for (const m of tg.requests)
      found.push(...leaks(`a Telegram ${m.method} request`, JSON.stringify(m), secrets));
    for (const m of twilio.messages) found.push(...leaks("an SMS", JSON.stringify(m), secrets));
    for (const m of smtp.mails) found.push(...leaks("an email", m.raw, secrets));
    const places =
      procs.length +
      seen.length +
      files.length +
      tg.requests.length +
      twilio.messages.length +
      smtp.mails.length;
    console.log(
      `secrets: ${Object.keys(secrets).length} planted values searched in ${places} places ` +
        `(${procs.length} process outputs, ${seen.length} HTTP answers, ${files.length} files, ` +
        `${tg.requests.length + twilio.messages.length + smtp.mails.length} requests to Telegram, Twilio and SMTP)`,
    );
    // make reliability's table: secrets.json
    writeReliability("secrets", { planted: Object.keys(secrets).length, places, leaks: found.length });
    expect(files.some((f) => f.endsWith("hydra.db-wal") || f.endsWith("hydra.db"))).toBe(true);
    expect(found).toEqual([]);
  }, 180_000);
});

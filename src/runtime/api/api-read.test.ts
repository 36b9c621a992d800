import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { pageSchema } from "./paging.js";
import { BotsSchema, ChallengeSchema, DecisionSchema, LeaderboardSchema } from "./program-schemas.js";
import { HealthSchema, StatusSchema } from "./status-schemas.js";
import * as F from "./test-support/fake-node.js";
import { errorOf, startFake } from "./test-support/start-fake.js";
import {
  AccountSchema,
  DaysSchema,
  EquitySchema,
  OrdersSchema,
  PositionsSchema,
  TradeSchema,
} from "./trading-schemas.js";

const CASES: [string, z.ZodType, unknown][] = [
  ["/health", HealthSchema, F.HEALTH],
  ["/status", StatusSchema, F.STATUS],
  ["/account", AccountSchema, F.ACCOUNT],
  ["/positions", PositionsSchema, F.POSITIONS],
  ["/orders", OrdersSchema, F.ORDERS],
  ["/days", DaysSchema, F.DAYS],
  ["/challenge", ChallengeSchema, F.CHALLENGE],
  ["/bots", BotsSchema, F.BOTS],
  ["/leaderboard", LeaderboardSchema, F.LEADERBOARD],
  ["/equity", EquitySchema, F.EQUITY],
];

describe("API reads", () => {
  it.each(CASES)("GET %s answers the view's data in its schema's shape", async (path, schema, expected) => {
    const { base } = await startFake();
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body).toEqual(expected);
    expect(schema.safeParse(body).success).toBe(true);
  });

  it("pages the trades (default page 1 of 50, then ?page=2&pageSize=2)", async () => {
    const { base } = await startFake();
    const all = await (await fetch(`${base}/trades`)).json();
    expect(all).toEqual({ items: F.TRADES, page: 1, pageSize: 50, total: 5 });
    const res = await fetch(`${base}/trades?page=2&pageSize=2`);
    const second = await res.json();
    expect(second).toEqual({ items: F.TRADES.slice(2, 4), page: 2, pageSize: 2, total: 5 });
    expect(pageSchema(TradeSchema).safeParse(second).success).toBe(true);
  });

  it("pages the decisions", async () => {
    const { base } = await startFake();
    const body = await (await fetch(`${base}/decisions?pageSize=10`)).json();
    expect(body).toEqual({ items: F.DECISIONS, page: 1, pageSize: 10, total: 1 });
    expect(pageSchema(DecisionSchema).safeParse(body).success).toBe(true);
  });

  it("answers null for the challenge of a node without a program", async () => {
    const { base, view } = await startFake();
    view.challengeValue = null;
    const res = await fetch(`${base}/challenge`);
    expect(res.status).toBe(200);
    expect(await res.json()).toBeNull();
  });

  it("takes the token on reads too, but does not need it", async () => {
    const { base } = await startFake({ token: "s3cret" });
    expect((await fetch(`${base}/account`)).status).toBe(200);
    const withToken = await fetch(`${base}/account`, { headers: { authorization: "Bearer s3cret" } });
    expect(withToken.status).toBe(200);
  });

  it("refuses a bad page query naming the field", async () => {
    const { base } = await startFake();
    const res = await fetch(`${base}/trades?page=0`);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "BAD_REQUEST", field: "page" });
    const unknown = await fetch(`${base}/trades?limit=3`);
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toMatchObject({ code: "BAD_REQUEST", field: "limit" });
    const big = await fetch(`${base}/decisions?pageSize=501`);
    expect(await errorOf(big)).toMatchObject({ field: "pageSize" });
  });
});

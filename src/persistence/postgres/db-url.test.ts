import { describe, expect, it } from "vitest";
import { checkedPostgresUrl, postgresUrlFromEnv, redactDbUrl } from "./db-url.js";

describe("HYDRA_DB_URL", () => {
  it("is unset or empty for SQLite, the default", () => {
    expect(postgresUrlFromEnv({})).toBeUndefined();
    expect(postgresUrlFromEnv({ HYDRA_DB_URL: "" })).toBeUndefined();
  });

  it("takes postgres:// and postgresql:// addresses, socket folders included", () => {
    for (const url of [
      "postgres://hydra@db.internal:5432/hydra",
      "postgresql://hydra@localhost/h?host=%2Fsock",
    ])
      expect(postgresUrlFromEnv({ HYDRA_DB_URL: url })).toBe(url);
  });

  it("refuses anything else, naming the variable and never the password", () => {
    const secret = `s${Math.random().toString(36).slice(2)}`;
    for (const bad of [`mysql://u:${secret}@h/db`, "data/hydra/hydra.db"]) {
      let err: unknown;
      try {
        checkedPostgresUrl(bad, "HYDRA_DB_URL");
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: "CONFIG_INVALID", details: { field: "HYDRA_DB_URL" } });
      expect((err as Error).message).not.toContain(secret);
    }
  });

  it("is printed without its password", () => {
    const secret = `s${Math.random().toString(36).slice(2)}`;
    expect(redactDbUrl(`postgres://hydra:${secret}@db:5432/hydra`)).toBe(
      "postgres://hydra:***@db:5432/hydra",
    );
    expect(redactDbUrl("postgres://hydra@db/hydra")).toBe("postgres://hydra@db/hydra");
  });
});

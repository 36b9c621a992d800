import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../alerts/test-support/fake-telegram.js";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the Telegram alerts end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-alerts-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALLOWED = 4242;
const STRANGER = 777;

async function cli(args: string[], db: string): Promise<{ code: number | null; out: string }> {
  const p = spawnHydra([...args, "--db", db]);
  const code = await p.exited();
  return { code, out: p.stdout() };
}

const killSwitch = async (db: string) =>
  JSON.parse((await cli(["kill-switch", "status", "--json"], db)).out) as {
    active: boolean;
    updatedBy: string;
  };

describe.skipIf(!BUILT)(
  "make run with Telegram (`hydra demo`, TELEGRAM_* pointing at a local Bot API)",
  () => {
    it("says it started, answers /status, tells of a kill switch within 5 s, and obeys /kill from the allowed chat only", async () => {
      const tg = await FakeTelegram.start();
      const db = path.join(dir, "demo.db");
      const p = spawnHydra(["demo", "--speed", "60", "--metrics-port", "0", "--api-port", "0", "--db", db], {
        env: {
          TELEGRAM_TOKEN: tg.token,
          TELEGRAM_CHAT_ID: String(ALLOWED),
          TELEGRAM_API_URL: tg.url,
          USE_TURBO_BATCH: "",
          USE_INDEPENDENT_TRADING: "",
        },
      });
      try {
        await p.waitFor(/\[alert\] alerts: to telegram; Telegram commands from the allowed chats/, 30_000);
        // the start message (both halves': one message, or two)
        await tg.waitFor(
          () => tg.sent.find((m) => m.text.includes("node\\-started \\(ftmo\\)")),
          60_000,
          "start message of the FTMO half",
        );
        await tg.waitFor(
          () => tg.sent.find((m) => m.text.includes("node\\-started \\(hydra\\)")),
          60_000,
          "start message of the HYDRA half",
        );
        expect(tg.sent.every((m) => m.chat_id === String(ALLOWED))).toBe(true);

        // /status from the allowed chat
        tg.pushMessage(ALLOWED, "/status");
        const status = await tg.waitFor(
          () => tg.sent.find((m) => m.text.startsWith("demo (paper)")),
          30_000,
          "/status answer",
        );
        expect(status.text).toMatch(/kill switch: off/);

        // a kill switch tripped by the CLI reaches Telegram within 5 s
        const t0 = performance.now();
        expect((await cli(["kill-switch", "on", "--reason", "e2e drill"], db)).code).toBe(0);
        const tripped = await tg.waitFor(
          () => tg.sent.find((m) => m.text.includes("kill\\-switch\\-on") && m.text.includes("e2e drill")),
          5_000,
          "kill-switch-on alert within 5 s",
        );
        console.log(`kill switch → Telegram in ${((performance.now() - t0) / 1000).toFixed(2)} s (wall)`);
        expect(tripped.text).toContain("*HYDRA CRITICAL kill\\-switch\\-on");
        expect((await cli(["kill-switch", "off"], db)).code).toBe(0);
        await tg.waitFor(
          () => tg.sent.find((m) => m.text.includes("kill\\-switch\\-off")),
          10_000,
          "kill-switch-off alert",
        );

        // /kill from a chat not in the allow-list: nothing (no confirmation, no switch); the allowed
        // chat's /status after it is answered, so the stranger's update was handled
        const before = tg.sent.length;
        tg.pushMessage(STRANGER, "/kill");
        tg.pushMessage(ALLOWED, "/balance");
        await tg.waitFor(
          () => tg.sent.slice(before).find((m) => m.text.startsWith("balance ")),
          30_000,
          "/balance answer",
        );
        expect(tg.sent.filter((m) => m.chat_id === String(STRANGER))).toHaveLength(0);
        expect((await killSwitch(db)).active).toBe(false);
        await p.waitFor(
          /telegram: ignored a chat that is not in TELEGRAM_CHAT_ID \(chat …777\); said once/,
          5_000,
        );

        // /kill from the allowed chat: a confirmation button; pressed, trading halts
        tg.pushMessage(ALLOWED, "/kill drill from telegram");
        const ask = await tg.waitFor(
          () => tg.sent.find((m) => m.text === "Confirm /kill drill from telegram?"),
          30_000,
          "confirmation",
        );
        const data = (ask.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
          .inline_keyboard[0]![0]!.callback_data;
        expect((await killSwitch(db)).active).toBe(false); // not before the button
        tg.pushButton(ALLOWED, data);
        await tg.waitFor(
          () => tg.sent.find((m) => m.text === "/kill drill from telegram: done"),
          30_000,
          "/kill done",
        );
        const k = await killSwitch(db);
        expect(k.active).toBe(true);
        expect(k.updatedBy).toBe("telegram");
        await p.waitFor(/trading state .*HALTED/, 10_000);
        await tg.waitFor(
          () =>
            tg.sent.find(
              (m) => m.text.includes("kill\\-switch\\-on") && m.text.includes("drill from telegram"),
            ),
          10_000,
          "the alert of the kill switch set from Telegram",
        );
        expect(await p.stop("SIGINT", 60_000)).toBe(0);

        // every alert is in the database with its delivery (hydra alerts)
        const list = JSON.parse((await cli(["alerts", "--json"], db)).out) as Array<{
          event: string;
          deliveries: Array<{ channel: string; state: string }>;
        }>;
        const events = list.map((a) => a.event);
        for (const e of ["node-started", "kill-switch-on", "kill-switch-off"]) expect(events).toContain(e);
        expect(events.filter((e) => e === "kill-switch-on")).toHaveLength(2);
        expect(
          list.flatMap((a) => a.deliveries).every((d) => d.channel === "telegram" && d.state === "sent"),
        ).toBe(true);
        // every command is journalled (control_actions), the stranger's not
        const journal = new Database(db, { readonly: true });
        const actions = (
          journal.prepare("SELECT who, action FROM control_actions").all() as Array<{
            who: string;
            action: string;
          }>
        )
          .filter((a) => a.who === "telegram")
          .map((a) => a.action);
        journal.close();
        expect(actions).toEqual(
          expect.arrayContaining([
            "telegram /status",
            "telegram /balance",
            "telegram /kill drill from telegram",
            "telegram /kill drill from telegram confirmed",
          ]),
        );
        expect(actions.filter((a) => a === "telegram /kill")).toHaveLength(0);
        const text = (await cli(["alerts"], db)).out;
        expect(text).toMatch(
          /critical kill-switch-on \[(ftmo|hydra)\] reason=drill from telegram by=telegram → telegram sent/,
        );
        // no token anywhere in what the node printed
        expect(p.output()).not.toContain(tg.token);
      } finally {
        await p.stop("SIGKILL", 5000);
        await tg.close();
      }
    }, 240_000);
  },
);

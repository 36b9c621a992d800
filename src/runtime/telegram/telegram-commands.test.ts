import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramApi } from "../../alerts/channels/telegram-api.js";
import { FakeTelegram } from "../../alerts/test-support/fake-telegram.js";
import { TestClock } from "../../core/clock.js";
import { FakeView, RecordingControl } from "../api/test-support/fake-node.js";
import { TelegramCommands } from "./telegram-commands.js";

const OK = 4242;
let tg: FakeTelegram;
let control: RecordingControl;
let bot: TelegramCommands;
let clock: TestClock;
const journal: string[] = [];
const lines: string[] = [];

beforeEach(async () => {
  tg = await FakeTelegram.start();
  control = new RecordingControl();
  clock = new TestClock(1_000_000);
  journal.length = 0;
  lines.length = 0;
  bot = new TelegramCommands({
    api: new TelegramApi(tg.url, tg.token),
    allowed: [String(OK)],
    node: { view: new FakeView(), control },
    nodeName: "ftmo",
    journal: { record: (_t, node, who, action) => journal.push(`${node} ${who} ${action}`) },
    wall: clock,
    log: (l) => lines.push(l),
    pollTimeoutS: 1,
    confirmMs: 60_000,
  });
  bot.start();
});
afterEach(async () => {
  await bot.stop();
  await tg.close();
});

async function ask(text: string, chat = OK): Promise<string> {
  const n = tg.sent.length;
  tg.pushMessage(chat, text);
  return (await tg.waitFor(() => tg.sent[n], 5000, `an answer to ${text}`)).text;
}

async function confirm(text: string, press: "ok" | "no" = "ok"): Promise<string> {
  const m = tg.sent.length;
  const question = await ask(text);
  expect(question).toBe(`Confirm ${text}?`);
  const data = (tg.sent[m]!.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
    .inline_keyboard[0]!;
  tg.pushButton(OK, data[press === "ok" ? 0 : 1]!.callback_data);
  return (await tg.waitFor(() => tg.sent[m + 1], 5000, "the outcome")).text;
}

describe("the Telegram bot's commands (a local Bot API, the node's view and control)", () => {
  it("answers the read commands from what the node shows", async () => {
    expect(await ask("/help")).toContain("/closeall");
    expect(await ask("/status")).toMatch(/kill switch:/);
    expect(await ask("/balance")).toMatch(/^balance [\d,]+\.\d\d USD/);
    expect(await ask("/positions")).toMatch(/P-1 /);
    expect(await ask("/daily")).toMatch(/realised today/);
    expect(await ask("/challenge")).toMatch(/loss room left/);
    expect(await ask("/leaderboard")).toMatch(/^#1 london-breakout/);
    expect(await ask("/status@HydraBot")).toMatch(/kill switch:/);
    expect(await ask("/frobnicate")).toBe("unknown command /frobnicate: /help lists them");
    expect(journal).toContain("ftmo telegram telegram /status");
    expect(control.calls).toEqual([]);
  });

  it("acts on a state-changing command only after its confirmation button, as telegram", async () => {
    expect(await confirm("/pause london-breakout")).toBe("/pause london-breakout: done");
    expect(await confirm("/resume claude")).toBe("/resume claude: done");
    expect(await confirm("/close P-2")).toBe("/close P-2: done");
    expect(await confirm("/close P-9")).toMatch(/^\/close P-9: .*P-9/);
    expect(await confirm("/closeall", "no")).toBe("/closeall: cancelled");
    expect(await confirm("/kill spread blew out")).toBe("/kill spread blew out: done");
    expect(await confirm("/unkill")).toBe("/unkill: done");
    expect(control.calls).toEqual([
      ["pause", "bot", "london-breakout", "telegram"],
      ["resume", "engine", "claude", "telegram"],
      ["closePosition", "P-2", "telegram"],
      ["killSwitch", true, "spread blew out", "telegram"],
      ["killSwitch", false, "released from Telegram", "telegram"],
    ]);
    expect(journal).toEqual(
      expect.arrayContaining([
        "ftmo telegram telegram /closeall",
        "ftmo telegram telegram /closeall cancelled",
        "ftmo telegram telegram /kill spread blew out confirmed",
      ]),
    );
    expect(await ask("/pause")).toMatch(/needs a bot or engine name/);
  });

  it("lets a confirmation expire (wall time) and ignores other chats, said once", async () => {
    const m = tg.sent.length;
    await ask("/closeall");
    const data = (tg.sent[m]!.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
      .inline_keyboard[0]![0]!.callback_data;
    clock.advance(60_001);
    tg.pushButton(OK, data);
    expect((await tg.waitFor(() => tg.sent[m + 1], 5000, "expiry")).text).toMatch(/expired/);
    const before = tg.sent.length;
    tg.pushMessage(777, "/kill");
    tg.pushMessage(777, "/closeall");
    tg.pushButton(777, data);
    expect(await ask("/status")).toMatch(/kill switch/);
    expect(tg.sent.slice(before).every((s) => s.chat_id === String(OK))).toBe(true);
    expect(control.calls).toEqual([]);
    expect(lines.filter((l) => l.includes("ignored a chat"))).toHaveLength(1);
  });

  it("keeps polling through a Bot API outage and never logs the token", async () => {
    tg.fail(502, 1500, { methods: ["getUpdates"] });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ask("/status")).toMatch(/kill switch/);
    expect(lines.some((l) => /getUpdates: HTTP 502/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toContain(tg.token);
  });
});

import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LeaderboardEntry } from "./program-schemas.js";
import { CHROMIUM_ARGS as ARGS, CHROMIUM } from "./test-support/chromium.js";
import { POSITIONS } from "./test-support/fake-node.js";
import { type Started, startFake } from "./test-support/start-fake.js";
import type { Position } from "./trading-schemas.js";

const TOKEN = "dashboard-test-token";
const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`dashboard browser tests skipped: ${CHROMIUM} is absent (make setup installs chromium)`);

const ENGINES: LeaderboardEntry[] = ["claude", "gpt", "gemini", "grok"].map((name, i) => ({
  rank: i + 1,
  name,
  kind: "engine",
  score: 2 - i * 0.5,
  pnl: 300 - i * 100,
  trades: 10 - i,
  winRate: 0.6 - i * 0.05,
}));

describe.skipIf(!present)(
  `the dashboard in Debian's chromium${present ? "" : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    });
    afterEach(async () => {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    });
    afterAll(async () => {
      await browser?.close();
    });

    async function open(o: { width?: number; height?: number } = {}): Promise<{ node: Started; page: Page }> {
      const node = await startFake({ token: TOKEN });
      node.view.leaderboard = () => ENGINES;
      const context = await browser.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // offline: nothing but the node itself may be asked for (no CDN)
      await context.route(/.*/, (route) =>
        route.request().url().startsWith(`http://127.0.0.1:${node.server.port}/`)
          ? route.continue()
          : route.abort(),
      );
      await page.goto(`http://127.0.0.1:${node.server.port}/`);
      await page.locator("#leaderboard tbody tr").nth(3).waitFor();
      await page.locator("#live.on").waitFor();
      expect(errors).toEqual([]);
      return { node, page };
    }

    it("shows the four engines of the tournament, the FTMO panel and the equity chart", async () => {
      const { page } = await open();
      await expect.poll(() => page.locator("#leaderboard tbody tr").count()).toBe(4);
      const names = await page.locator("#leaderboard tbody tr td:nth-child(2)").allTextContents();
      expect(names).toEqual(["claude", "gpt", "gemini", "grok"]);
      expect(await page.locator("#challenge-panel").isVisible()).toBe(true);
      expect(await page.locator("#trading-days").textContent()).toBe("1 of 4");
      await page.locator("#chart-equity canvas").waitFor();
      expect(await page.locator("#decisions li").first().textContent()).toContain("rejected at resistance");
    });

    it("the loss-room gauges turn amber at 50 % used and red at 80 %; no challenge, no panel", async () => {
      const { node, page } = await open();
      expect(await page.locator("#gauge-daily").getAttribute("class")).toBe("gauge");
      // FTMO 100k: 5,000 daily and 10,000 overall; 1,000 daily left is 80 % used, 5,000 overall left 50 %
      node.view.challengeValue = { ...node.view.challengeValue!, dailyLossLeft: 1_000, maxLossLeft: 5_000 };
      node.server.publish({ type: "equity", data: null });
      await expect.poll(() => page.locator("#gauge-daily").getAttribute("class")).toBe("gauge red");
      expect(await page.locator("#gauge-max").getAttribute("class")).toBe("gauge amber");
      node.view.challengeValue = null;
      node.server.publish({ type: "equity", data: null });
      await expect.poll(() => page.locator("#challenge-panel").isVisible()).toBe(false);
    });

    it("a published fill updates the positions and the equity without reloading the page", async () => {
      const { node, page } = await open();
      // browser-side code as strings: this project's TypeScript has no DOM types
      await page.evaluate('window.marker = "same document"');
      let navigations = 0;
      page.on("framenavigated", () => navigations++);
      expect(await page.locator("#positions tbody tr").count()).toBe(1);
      const equityBefore = await page.locator("#account-equity").textContent();

      const second: Position = { ...POSITIONS[0]!, id: "P-2", symbol: "XAUUSD", owner: "engine:claude" };
      node.view.positions = () => [...POSITIONS, second];
      const account = await node.view.account();
      node.view.account = async () => ({ ...account, equity: 101_000 });
      node.server.publish({ type: "fill", data: { positionId: "P-2" } });

      await expect.poll(() => page.locator("#positions tbody tr").count()).toBe(2);
      await expect.poll(() => page.locator("#account-equity").textContent()).toBe("101,000.00");
      expect(equityBefore).not.toBe("101,000.00");
      expect(await page.evaluate("window.marker")).toBe("same document");
      expect(navigations).toBe(0);
    });

    it("the kill switch, with the token, asks for a confirmation and then calls the node", async () => {
      const { node, page } = await open();
      await page.fill("#token", TOKEN);
      await page.click("#token-form button[type=submit]");
      await page.click("#kill-switch");
      await page.locator("#kill-dialog[open]").waitFor();
      expect(node.control.calls).toEqual([]); // nothing before the confirmation
      await page.fill("#kill-reason", "news spike");
      await page.click("#kill-confirm");
      await expect.poll(() => node.control.calls).toEqual([["killSwitch", true, "news spike", "api"]]);
      await expect.poll(() => page.locator("#message").textContent()).toContain("kill-switch");
    });

    it("a control call without the token shows the API's refusal and the node records nothing", async () => {
      const { node, page } = await open();
      await page.locator("#bots button[data-bot=london-breakout]").click();
      await expect.poll(() => page.locator("#message").textContent()).toContain("401");
      expect(await page.locator("#message").textContent()).toContain("UNAUTHORIZED");
      await page.locator("#positions button[data-close=P-1]").click();
      await page.waitForTimeout(200);
      expect(node.control.calls).toEqual([]);
    });

    it("fits a 390 px phone: no horizontal scroll", async () => {
      const { page } = await open({ width: 390, height: 844 });
      await page.locator("#chart-equity canvas").waitFor();
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(1000);
      const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
        "({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })",
      );
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    });
  },
);

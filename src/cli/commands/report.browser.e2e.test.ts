import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../../runtime/api/test-support/chromium.js";
import { simulationReport } from "../../runtime/report/simulation-report.js";
import { writeJournalFixture } from "../../runtime/report/test-support/journal-fixture.js";
import { walkForwardFixture } from "../../runtime/report/test-support/walk-forward-fixture.js";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`HTML report browser tests skipped: ${CHROMIUM} is absent (make setup installs chromium)`);
if (!BUILT) console.warn("HTML report browser tests skipped: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-report-"));

async function hydra(args: string[]): Promise<string> {
  const p = spawnHydra(args);
  const code = await p.exited();
  expect(code, p.output()).toBe(0);
  return p.stdout();
}

interface Drawn {
  id: string;
  canvases: number;
  /** pixels with some opacity on the chart's canvas */
  inked: number;
  /** of those, pixels in the colour of the chart's first series (its line or bars, not the axes) */
  series: number;
}

describe.skipIf(!present || !BUILT)("HTML reports in Debian's chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the file with every network request refused; returns each chart's inked pixels and the errors. */
  async function render(
    file: string,
  ): Promise<{ drawn: Drawn[]; errors: string[]; requests: string[]; text: string }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await context.route(/.*/, (route) => {
        const url = route.request().url();
        if (url.startsWith("file://")) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`);
      await page.locator("body[data-charts-drawn]").waitFor();
      // browser-side code as a string: this project's TypeScript has no DOM types
      const drawn = (await page.evaluate(`(function () {
        var specs = JSON.parse(document.getElementById("hydra-charts").textContent);
        return Array.from(document.querySelectorAll("figure.chart")).map(function (f) {
          var spec = specs.find(function (c) { return c.id === f.id; });
          var hex = spec.series[0].color;
          var rgb = [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
          var cs = Array.from(f.querySelectorAll("canvas"));
          var inked = 0, series = 0;
          cs.forEach(function (c) {
            var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            for (var i = 0; i < d.length; i += 4) {
              if (d[i + 3] === 0) continue;
              inked++;
              if (d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 60) series++;
            }
          });
          return { id: f.id, canvases: cs.length, inked: inked, series: series };
        });
      })()`)) as Drawn[];
      return { drawn, errors, requests, text: (await await page.locator("body").textContent()) ?? "" };
    } finally {
      await context.close();
    }
  }

  function expectDrawn(r: { drawn: Drawn[]; errors: string[]; requests: string[] }, ids: string[]): void {
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([]);
    expect(r.drawn.map((d) => d.id)).toEqual(ids);
    for (const d of r.drawn) {
      expect(d.canvases, d.id).toBe(1);
      expect(d.inked, d.id).toBeGreaterThan(2000);
      expect(d.series, d.id).toBeGreaterThan(100);
    }
    console.log(
      `charts drawn: ${r.drawn.map((d) => `${d.id} ${d.inked} px (${d.series} of its first series)`).join(", ")}`,
    );
  }

  it("hydra backtest --report: verdict, equity, drawdown, daily floors, trades on the price, monthly, per bot", async () => {
    const file = path.join(dir, "backtest.html");
    await hydra([
      "backtest",
      "--strategy",
      "sma-cross",
      "--days",
      "5",
      "--cash",
      "100000",
      "--challenge",
      "ftmo-2step",
      "--param",
      "stopPct=0.5",
      "--report",
      file,
    ]);
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!github\.com\/leeoniya)/);
    const r = await render(file);
    expectDrawn(r, ["chart-equity", "chart-drawdown", "chart-daily", "chart-trades-XAUUSD"]);
    expect(r.text).toContain("Daily P&L against the ftmo-2step challenge floors");
    expect(r.text).toMatch(/Monthly returns[\s\S]*2024/);
    expect(r.text).toMatch(/Per bot[\s\S]*sma-cross/);
    expect(r.text).toMatch(/Challenge verdict\s*(PASSED|FAILED|NOT DECIDED YET)/);
  });

  it("hydra challenge simulate --report: the pass probability and its distribution", async () => {
    const file = path.join(dir, "simulate.html");
    const args = [
      "--program",
      "ftmo-2step",
      "--win-rate",
      "0.55",
      "--payoff",
      "1",
      "--risk-pct",
      "1",
      "--paths",
      "400",
      "--workers",
      "1",
    ];
    const out = await hydra(["challenge", "simulate", ...args, "--scan-risk", "--report", file]);
    const r = await render(file);
    expectDrawn(r, ["chart-days-to-pass", "chart-outcomes", "chart-risk-scan"]);
    // the same probability as the text report
    const pass = /pass\s+([\d.]+ %)/.exec(out)![1]!.trim();
    expect(r.text).toContain(`pass probability ${pass}`);
  });

  it("hydra report --journal: a live account's report from its trade journal, each symbol's trades", async () => {
    const journal = path.join(dir, "hydra.db.ftmo-trades.jsonl");
    writeJournalFixture(journal);
    const file = path.join(dir, "account.html");
    expect(await hydra(["report", "--journal", journal, "--report", file])).toContain("60 trades");
    const r = await render(file);
    expectDrawn(r, [
      "chart-equity",
      "chart-drawdown",
      "chart-daily",
      "chart-trades-EURUSD",
      "chart-trades-XAUUSD",
    ]);
    expect(r.text).toMatch(/Per bot[\s\S]*gold-london-reversal[\s\S]*hf-scalper:XAUUSD/);
    expect(r.text).toMatch(/Monthly returns[\s\S]*2024/);
  });

  it("the walk-forward section (what hydra optimize hands the report) draws its charts", async () => {
    const file = path.join(dir, "walk-forward.html");
    const view = {
      title: "hand-made",
      paths: 100,
      pass: { probability: 0.5, standardError: 0.05 },
      failDaily: { probability: 0.2, standardError: 0.04 },
      failMaxLoss: { probability: 0.3, standardError: 0.045 },
      notFinished: { probability: 0, standardError: 0 },
      daysToPass: [0, 0, 10, 20, 15, 5],
      riskScan: null,
    };
    writeFileSync(file, simulationReport(view, walkForwardFixture()));
    const r = await render(file);
    expectDrawn(r, ["chart-days-to-pass", "chart-outcomes", "chart-wf-scores", "chart-wf-equity"]);
    expect(r.text).toMatch(/Score by fast and slow/);
  });

  it("bad input is named: a missing journal, a report path that cannot be written (exit 2)", async () => {
    const a = spawnHydra([
      "report",
      "--journal",
      path.join(dir, "none.jsonl"),
      "--report",
      path.join(dir, "x.html"),
    ]);
    expect(await a.exited()).toBe(2);
    expect(a.output()).toContain("--journal:");
    const b = spawnHydra(["backtest", "--days", "1", "--report", path.join(dir, "no-such-dir", "r.html")]);
    expect(await b.exited()).toBe(2);
    expect(b.output()).toContain("--report: cannot write");
  });
});

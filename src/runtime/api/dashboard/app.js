// The HYDRA node dashboard: reads /api/v1, follows /api/v1/stream and re-reads what an event touches.
// Plain DOM (textContent only: nothing the node sends is parsed as HTML); charts by uPlot (/assets/uplot.js).

const API = "/api/v1";
const TOKEN_KEY = "hydra.apiToken";
const $ = (id) => document.getElementById(id);

/** @param {string} tag @param {Record<string, string>} [attrs] @param {...(Node|string)} children */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const money = (n) =>
  typeof n === "number"
    ? n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : "–";
const pct = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)} %`);
const time = (ms) =>
  ms === null || ms === undefined ? "–" : new Date(ms).toISOString().slice(0, 19).replace("T", " ");

function showMessage(text, kind = "error") {
  const m = $("message");
  m.textContent = text;
  m.className = kind === "info" ? "info" : "";
  m.hidden = false;
}

async function get(path) {
  const res = await fetch(API + path, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

/** A control call with the saved token; the API's refusal (401, 403, 404…) is shown as it answered. */
async function control(path, body = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(API + path, { method: "POST", headers, body: JSON.stringify(body) });
  } catch (e) {
    showMessage(`${path}: ${e.message}`);
    return false;
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = answer.error ?? {};
    showMessage(`Refused (${res.status} ${err.code ?? ""}): ${err.message ?? res.statusText}`);
    return false;
  }
  showMessage(`Done: ${answer.action} by ${answer.who}`, "info");
  return true;
}

// ---- panels -------------------------------------------------------------------------------------

let killOn = false;

function renderStatus(s) {
  $("node-name").textContent = s.node;
  $("node-mode").textContent = s.mode;
  killOn = s.killSwitch.on;
  $("kill-state").textContent = killOn ? "ON" : "off";
  $("kill-state").className = killOn ? "bad" : "ok";
  $("kill-detail").textContent = killOn
    ? `${s.killSwitch.reason ?? ""} (${s.killSwitch.who ?? "?"}, ${time(s.killSwitch.atMs)})`
    : "";
  $("kill-switch").textContent = killOn ? "Release kill switch…" : "Kill switch…";
  $("trading-states").replaceChildren(
    ...s.tradingStates.map((t) =>
      el(
        "li",
        { class: t.state === "ACTIVE" ? "ok" : t.state === "HALTED" ? "bad" : "warn" },
        `${t.scope}: ${t.state}`,
      ),
    ),
  );
  const items = [];
  if (s.bridge) items.push(chip("MT5 bridge", s.bridge.connected, s.bridge.detail));
  for (const f of s.feeds) items.push(chip(`feed ${f.feed}`, f.connected, f.detail));
  $("health").replaceChildren(...items);
}

const chip = (name, ok, detail) =>
  el(
    "li",
    { class: ok ? "ok" : "bad" },
    `${name}: ${ok ? "connected" : "down"}${detail ? ` (${detail})` : ""}`,
  );

function renderHealth(h) {
  const ticks = h.feeds.map((f) => `${f.feed} ${f.lastTick ? time(f.lastTick.wallMs) : "no tick yet"}`);
  $("last-loop").textContent =
    `${h.ok ? "healthy" : "UNHEALTHY"} · last loop ${h.lastLoop ? time(h.lastLoop.wallMs) : "not yet"} · last ticks: ${ticks.join(", ")}`;
  $("last-loop").className = h.ok ? "muted" : "bad";
}

let account = null;

function renderAccount(a) {
  account = a;
  const rows = [
    ["Balance", a.balance],
    ["Equity", a.equity],
    ["Open P&L", a.openPnl],
    ["Realised today", a.realizedPnlToday],
    ["Margin used", a.marginUsed],
    ["Free margin", a.freeMargin],
  ];
  $("account").replaceChildren(
    ...rows.flatMap(([k, v]) => [
      el("dt", {}, `${k} (${a.currency})`),
      el("dd", { id: `account-${k.split(" ")[0].toLowerCase()}` }, money(v)),
    ]),
  );
}

/** used ≥ 50 % amber, ≥ 80 % red */
function gauge(id, used, text, isProgress = false) {
  const g = $(id);
  const f = Math.max(0, Math.min(1, used));
  g.querySelector(".fill").style.width = `${(f * 100).toFixed(1)}%`;
  g.querySelector(".value").textContent = text;
  g.classList.toggle("amber", !isProgress && f >= 0.5 && f < 0.8);
  g.classList.toggle("red", !isProgress && f >= 0.8);
}

function renderChallenge(c) {
  const panel = $("challenge-panel");
  panel.hidden = c === null;
  if (c === null) return;
  $("challenge-name").textContent = `${c.program} · ${c.phase}`;
  // The API gives the room left; the limits are FTMO's 5 % (daily) and 10 % (overall) of the initial
  // balance (equity minus profit), unless the node sends them.
  const initial = account ? account.equity - c.profit : null;
  const dailyLimit = c.dailyLossLimit ?? (initial ? initial * 0.05 : null);
  const maxLimit = c.maxLossLimit ?? (initial ? initial * 0.1 : null);
  const used = (left, limit) => (limit ? 1 - left / limit : 0);
  gauge(
    "gauge-daily",
    used(c.dailyLossLeft, dailyLimit),
    `${money(c.dailyLossLeft)} left (${pct(used(c.dailyLossLeft, dailyLimit))} used)`,
  );
  gauge(
    "gauge-max",
    used(c.maxLossLeft, maxLimit),
    `${money(c.maxLossLeft)} left (${pct(used(c.maxLossLeft, maxLimit))} used)`,
  );
  const progress = c.profitTarget ? c.profit / c.profitTarget : 0;
  gauge(
    "gauge-target",
    progress,
    c.profitTarget ? `${money(c.profit)} of ${money(c.profitTarget)}` : money(c.profit),
    true,
  );
  $("trading-days").textContent = `${c.tradingDays} of ${c.minTradingDays}`;
  $("verdict").textContent = c.verdict.replace("_", " ");
}

function renderPositions(rows) {
  $("positions").tBodies[0].replaceChildren(
    ...rows.map((p) => {
      const close = el("button", { type: "button", class: "small danger", "data-close": p.id }, "Close");
      close.addEventListener("click", () => act(`/positions/${encodeURIComponent(p.id)}/close`));
      return el(
        "tr",
        { "data-id": p.id },
        el("td", {}, p.symbol),
        el("td", {}, p.side),
        el("td", {}, String(p.lots)),
        el("td", {}, String(p.openPrice)),
        el("td", {}, String(p.currentPrice)),
        el("td", { class: p.openPnl >= 0 ? "ok" : "bad" }, money(p.openPnl)),
        el("td", {}, p.owner),
        el("td", {}, close),
      );
    }),
  );
}

function renderBots(rows) {
  $("bots").tBodies[0].replaceChildren(
    ...rows.map((b) => {
      const verb = b.state === "running" ? "pause" : "resume";
      const button = el(
        "button",
        { type: "button", class: "small", "data-bot": b.name },
        verb === "pause" ? "Pause" : "Resume",
      );
      button.addEventListener("click", () => act(`/${b.kind}s/${encodeURIComponent(b.name)}/${verb}`));
      return el(
        "tr",
        {},
        el("td", {}, b.name),
        el("td", {}, b.kind),
        el("td", { class: b.state === "running" ? "ok" : b.state === "halted" ? "bad" : "warn" }, b.state),
        el("td", {}, String(b.openPositions)),
        el("td", {}, String(b.trades)),
        el("td", {}, money(b.pnl)),
        el("td", {}, button),
      );
    }),
  );
}

function renderLeaderboard(rows) {
  $("leaderboard").tBodies[0].replaceChildren(
    ...rows.map((r) =>
      el(
        "tr",
        {},
        el("td", {}, String(r.rank)),
        el("td", {}, r.name),
        el("td", {}, r.kind),
        el("td", {}, r.score.toFixed(2)),
        el("td", {}, money(r.pnl)),
        el("td", {}, String(r.trades)),
        el("td", {}, pct(r.winRate)),
      ),
    ),
  );
  sampleEngines(rows);
}

function renderDecisions(page) {
  $("decisions").replaceChildren(
    ...page.items.map((d) =>
      el(
        "li",
        {},
        el("strong", {}, `${d.engine} ${d.action} ${d.symbol}`),
        ` · ${time(d.atMs)} · confidence ${pct(d.confidence)} · ${d.outcome}` +
          (d.costUsd == null ? "" : ` · $${d.costUsd.toFixed(4)}`) +
          (d.latencyMs == null ? "" : ` · ${Math.round(d.latencyMs)} ms`),
        el("span", { class: "why" }, d.rationale),
      ),
    ),
  );
}

// ---- charts -------------------------------------------------------------------------------------

const charts = {};
const COLORS = ["#58a6ff", "#3fb950", "#d29922", "#f85149", "#bc8cff", "#39c5cf", "#ff7b72", "#e3b341"];

const axisNumber = (_u, splits) => splits.map((v) => v.toLocaleString("en-US", { maximumFractionDigits: 2 }));

/** @param {{ yMax?: number }} [o] yMax pins the top of the y scale (drawdown: 0) */
function chart(id, labels, data, o = {}) {
  const uPlot = globalThis.uPlot;
  const box = $(id);
  if (!uPlot) return;
  if (data[0].length < 2) {
    if (!charts[id]) box.replaceChildren(el("p", { class: "muted" }, "not enough points yet"));
    return;
  }
  const width = Math.max(200, box.clientWidth);
  const key = labels.join("|");
  const c = charts[id];
  if (c && c.key === key) {
    c.plot.setData(data);
    return;
  }
  c?.plot.destroy();
  box.replaceChildren();
  const opts = {
    width,
    height: 180,
    series: [{}, ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5 }))],
    axes: [{ stroke: "#8a96a3" }, { stroke: "#8a96a3", size: 80, values: axisNumber }],
    scales: o.yMax === undefined ? {} : { y: { range: (_u, min) => [Math.min(min, -1), o.yMax] } },
    legend: { live: false },
  };
  charts[id] = { key, plot: new uPlot(opts, data, box) };
}

function renderEquity(points) {
  const t = points.map((p) => p.tMs / 1000);
  chart(
    "chart-equity",
    ["Equity", "Balance"],
    [t, points.map((p) => p.equity), points.map((p) => p.balance)],
  );
  let peak = Number.NEGATIVE_INFINITY;
  const dd = points.map((p) => {
    peak = Math.max(peak, p.equity);
    return peak > 0 ? ((p.equity - peak) / peak) * 100 : 0;
  });
  chart("chart-drawdown", ["Drawdown %"], [t, dd], { yMax: 0 });
  // a tournament node sends each engine's equity with every point: its curves from the node's history
  const withEngines = points.filter((p) => p.byEngine);
  if (withEngines.length > 0) {
    enginesFromNode = true;
    const names = [...new Set(withEngines.flatMap((p) => Object.keys(p.byEngine)))].sort();
    chart("chart-engines", names, [
      withEngines.map((p) => p.tMs / 1000),
      ...names.map((n) => withEngines.map((p) => p.byEngine[n] ?? null)),
    ]);
  }
}

/** true once the node sends the engines' equity (then the page samples nothing itself) */
let enginesFromNode = false;

// A node without per-engine equity (or before its first point): the page samples each one's P&L from the leaderboard.
const engineSamples = [];

function sampleEngines(rows) {
  if (enginesFromNode) return;
  engineSamples.push({ t: Date.now() / 1000, pnl: Object.fromEntries(rows.map((r) => [r.name, r.pnl])) });
  if (engineSamples.length > 2000) engineSamples.shift();
  const names = [...new Set(engineSamples.flatMap((s) => Object.keys(s.pnl)))].sort();
  chart("chart-engines", names, [
    engineSamples.map((s) => s.t),
    ...names.map((n) => engineSamples.map((s) => s.pnl[n] ?? null)),
  ]);
}

window.addEventListener("resize", () => {
  for (const [id, c] of Object.entries(charts))
    c.plot.setSize({ width: Math.max(200, $(id).clientWidth), height: 180 });
});

// ---- loading and live updates -------------------------------------------------------------------

const RESOURCES = {
  status: () => get("/status").then(renderStatus),
  health: () => get("/health").then(renderHealth),
  account: () => get("/account").then(renderAccount),
  challenge: () => get("/challenge").then(renderChallenge),
  positions: () => get("/positions").then(renderPositions),
  bots: () => get("/bots").then(renderBots),
  leaderboard: () => get("/leaderboard").then(renderLeaderboard),
  decisions: () => get("/decisions?pageSize=50").then(renderDecisions),
  equity: () => get("/equity").then(renderEquity),
};

/** what each stream event may have changed */
const AFFECTS = {
  fill: ["account", "positions", "equity", "bots", "leaderboard", "challenge"],
  denial: ["decisions", "status"],
  state: ["status", "health", "bots"],
  equity: ["account", "equity", "challenge", "leaderboard"],
  decision: ["decisions"],
};

const pending = new Set();
let timer = null;

/** Coalesces a burst of events into one read per resource. */
function refresh(names) {
  for (const n of names) pending.add(n);
  if (timer !== null) return;
  timer = setTimeout(async () => {
    timer = null;
    const names = [...pending];
    pending.clear();
    // account first: the challenge gauges use it
    if (names.includes("account")) await RESOURCES.account().catch(report);
    await Promise.all(names.filter((n) => n !== "account").map((n) => RESOURCES[n]().catch(report)));
    document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed ?? 0) + 1);
  }, 100);
}

const report = (e) => showMessage(e.message);

async function act(path, body) {
  if (await control(path, body)) refresh(Object.keys(RESOURCES));
}

function connect() {
  const live = $("live");
  const source = new EventSource(`${API}/stream`);
  let wasDown = false;
  source.onopen = () => {
    live.textContent = "live";
    live.className = "tag on";
    if (wasDown) refresh(Object.keys(RESOURCES));
    wasDown = false;
  };
  source.onerror = () => {
    live.textContent = "reconnecting";
    live.className = "tag off";
    wasDown = true;
  };
  for (const [type, names] of Object.entries(AFFECTS)) source.addEventListener(type, () => refresh(names));
}

function setUpControls() {
  $("token").value = sessionStorage.getItem(TOKEN_KEY) ?? "";
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    showMessage("Token kept for this tab.", "info");
  });
  $("token-clear").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $("token").value = "";
  });
  $("close-all").addEventListener("click", () => {
    if (window.confirm("Close every open position?")) act("/positions/close-all");
  });
  const dialog = $("kill-dialog");
  $("kill-switch").addEventListener("click", () => {
    $("kill-title").textContent = killOn ? "Release the kill switch?" : "Turn the kill switch on?";
    $("kill-warning").textContent = killOn ? "Trading may resume." : "Every bot and engine stops trading.";
    $("kill-reason").value = killOn ? "released from the dashboard" : "manual stop from the dashboard";
    dialog.returnValue = "";
    dialog.showModal();
  });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "confirm")
      act("/kill-switch", { on: !killOn, reason: $("kill-reason").value.trim() });
  });
}

setUpControls();
refresh(Object.keys(RESOURCES));
connect();

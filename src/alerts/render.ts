import type { Alert } from "./alert.js";
import type { AlertMessage } from "./channels/channel.js";

/** Telegram MarkdownV2: every one of these characters is escaped outside entities (Bot API, "Formatting options"). */
function escapeMarkdownV2(text: string): string {
  return text.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, (c) => `\\${c}`);
}

const html = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function factLines(a: Alert): string[] {
  return Object.entries(a.facts).map(([k, v]) => `${k}: ${v === null ? "n/a" : String(v)}`);
}

function times(a: Alert): string {
  return `${iso(a.wallMs)} (wall)${a.marketMs === null ? "" : `, ${iso(a.marketMs)} (market)`}`;
}

/**
 * One message for one alert or a burst of them: the first line says what (severity, event, node); the
 * facts follow one per line, then the times (wall and market, each named). A burst says how many.
 */
export function renderAlerts(alerts: readonly Alert[]): AlertMessage {
  if (alerts.length === 0) throw new Error("renderAlerts: no alert");
  const worst = alerts.some((a) => a.severity === "critical")
    ? "critical"
    : alerts.some((a) => a.severity === "warning")
      ? "warning"
      : "info";
  const head = (a: Alert) => `${a.severity.toUpperCase()} ${a.event} (${a.node})`;
  const title =
    alerts.length === 1 ? `HYDRA ${head(alerts[0]!)}` : `HYDRA ${alerts.length} alerts (worst: ${worst})`;
  const text = [
    title,
    ...alerts.flatMap((a) => [
      ...(alerts.length === 1 ? [] : ["", head(a)]),
      ...factLines(a).map((l) => `  ${l}`),
      `  at ${times(a)}`,
    ]),
  ].join("\n");
  const markdown = [
    `*${escapeMarkdownV2(title)}*`,
    ...alerts.flatMap((a) => [
      ...(alerts.length === 1 ? [] : ["", `*${escapeMarkdownV2(head(a))}*`]),
      ...factLines(a).map((l) => escapeMarkdownV2(l)),
      `_${escapeMarkdownV2(`at ${times(a)}`)}_`,
    ]),
  ].join("\n");
  const htmlBody = [
    `<h3>${html(title)}</h3>`,
    ...alerts.map(
      (a) =>
        `<h4>${html(head(a))}</h4><table>${Object.entries(a.facts)
          .map(
            ([k, v]) =>
              `<tr><th align="left">${html(k)}</th><td>${html(v === null ? "n/a" : String(v))}</td></tr>`,
          )
          .join("")}<tr><th align="left">at</th><td>${html(times(a))}</td></tr></table>`,
    ),
  ].join("\n");
  const first = alerts[0]!;
  const short =
    alerts.length === 1
      ? `HYDRA ${head(first)}: ${factLines(first).slice(0, 4).join(", ")}`
      : `HYDRA ${alerts.length} alerts, worst ${worst}: ${alerts
          .slice(0, 3)
          .map((a) => a.event)
          .join(", ")}${alerts.length > 3 ? ", …" : ""}`;
  return {
    subject: title,
    text,
    markdown,
    html: `<!doctype html><html><body>${htmlBody}</body></html>`,
    short: short.slice(0, 320),
  };
}

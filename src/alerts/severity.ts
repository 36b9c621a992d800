/** How urgent an alert is: critical pages (every channel, SMS included), warning and info do not. */
const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

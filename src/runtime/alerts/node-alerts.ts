import type { AlertSink } from "../../alerts/alert.js";
import { AlertService } from "../../alerts/alert-service.js";
import { channelsFromEnv } from "../../alerts/channels/channels-from-env.js";
import type { AlertCount, AlertOutbox } from "../../alerts/outbox.js";
import { AlertRouting, type AlertRoutingConfig, type ChannelName } from "../../alerts/routing.js";
import type { Clock } from "../../core/clock.js";
import { alertsKeep } from "../../persistence/alerts-keep.js";
import type { ApiNode } from "../api/composite-node.js";
import type { NodeStores } from "../node/node-stores.js";
import { TelegramCommands } from "../telegram/telegram-commands.js";
import { AlertWatch } from "./alert-watch.js";

export interface NodeAlertsOptions {
  /** the node's stores: the outbox, node_lives and control_actions are there */
  stores: NodeStores;
  env: Readonly<Record<string, string | undefined>>;
  routing?: AlertRoutingConfig;
  wall: Clock;
  log: (line: string) => void;
  /** how often due deliveries are looked at (wall ms) */
  pollMs?: number;
}

/**
 * A process's alerting, once however many nodes it runs (hydra demo runs two): the outbox in the
 * node's database, the channels the environment configures, the dispatcher, and the Telegram bot that
 * answers commands (one poller per process and token). Each node gets its watch (`watch`), raises
 * through its sink, and says when it stopped cleanly (`stopped`), so that the next start can tell a
 * crash.
 */
export class NodeAlerts {
  private readonly service: AlertService;
  private readonly outbox: AlertOutbox;
  private readonly telegram: ReturnType<typeof channelsFromEnv>["telegram"];
  private commands: TelegramCommands | undefined;

  constructor(private readonly o: NodeAlertsOptions) {
    const env = channelsFromEnv(o.env);
    this.telegram = env.telegram;
    this.outbox = o.stores.outbox(alertsKeep(o.env.HYDRA_ALERTS_KEEP));
    this.service = new AlertService({
      outbox: this.outbox,
      routing: new AlertRouting(
        o.routing ?? {},
        env.channels.map((c) => c.name),
      ),
      channels: env.channels,
      wall: o.wall,
      secrets: env.secrets,
      log: (l) => o.log(l),
      ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
    });
    this.service.start();
    o.log(
      `alerts: ${env.channels.length === 0 ? "no channel configured (recorded in the database only; see README, Alerts)" : `to ${env.channels.map((c) => c.name).join(", ")}`}${this.telegram === undefined ? "" : "; Telegram commands from the allowed chats"}`,
    );
  }

  get channels(): ChannelName[] {
    return this.service.channelNames;
  }

  sink(node: string): AlertSink {
    return this.service.sink(node);
  }

  /** A node's watch; raises restart-after-crash when the node's previous run did not stop cleanly. */
  watch(node: string, run: string, noTicksS?: number): AlertWatch {
    const w = new AlertWatch(this.sink(node), `${node}:${run}`, noTicksS);
    try {
      const unclean = this.o.stores.lives().nodeStarted(node, run, this.o.wall.now());
      if (unclean !== undefined) w.crashed(unclean);
    } catch (e) {
      this.o.log(`alerts: ${(e as Error).message}`);
    }
    return w;
  }

  /** The node the Telegram commands act on (the process's only, or demo's composite). */
  serve(node: ApiNode, nodeName: string): void {
    if (this.telegram === undefined || this.commands !== undefined) return;
    this.commands = new TelegramCommands({
      api: this.telegram.api,
      allowed: this.telegram.chatIds,
      node,
      nodeName,
      journal: this.o.stores.controlJournal(),
      wall: this.o.wall,
      log: this.o.log,
    });
    this.commands.start();
  }

  /** The outbox by severity and delivery state (the metrics read it at each scrape). */
  counts(): AlertCount[] {
    return this.outbox.counts();
  }

  stopped(node: string, run: string): void {
    try {
      this.o.stores.lives().nodeStopped(node, run);
    } catch (e) {
      this.o.log(`alerts: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.commands?.stop();
    await this.service.stop();
    // the outbox and the control journal close with the node's stores
  }
}

/** The engine's long-lived parts, opened once at start-up (start.ts) and handed to the HTTP app, whose named plugins (plugins/) decorate it with them. */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { EventBus } from '@callboard/bus';
import type { Config } from './config.ts';
import type { Engine } from './engine/engine.ts';
import type { LiveHub } from './engine/live-hub.ts';
import type { Publisher } from './engine/publisher.ts';
import type { EngineStats } from './engine/stats.ts';
import type { TenantRegistry } from './tenants/tenant-registry.ts';
import type { DisplaySessionStore } from './identity/display-sessions.ts';
import type { Identity } from './identity/identity.ts';
import type { TokenStore } from './identity/tokens.ts';
import type { Repository } from './store/repository.ts';
import type { CallbackService } from './callbacks/service.ts';
import type { TicketService } from './tickets/service.ts';
import type { CustomMetricStore } from './wallboards/custom-metric-store.ts';
import type { WallboardStore } from './wallboards/wallboard-store.ts';
import type { ExportJobs } from './exports/jobs.ts';
import type { Scheduler } from './schedules/scheduler.ts';

export interface Services {
  config: Config;
  log: Logger;
  bus: EventBus;
  ch: ClickHouseClient;
  repo: Repository;
  engine: Engine;
  hub: LiveHub;
  publisher: Publisher;
  stats: EngineStats;
  tenants: TenantRegistry;
  tokens: TokenStore;
  /** Users, sessions, login back-off, audit log. */
  identity: Identity;
  /** TVs' display sessions (a display token traded for an HttpOnly cookie). */
  displays: DisplaySessionStore;
  /** Wallboards and their widgets (KV, compare-and-set on revision). */
  wallboards: WallboardStore;
  /** Analysts' custom metrics (formulas over the catalogue). */
  customMetrics: CustomMetricStore;
  /** Missed calls and callback requests (KV, exclusive booking by compare-and-set; history in ClickHouse). */
  callbacks: CallbackService;
  /** Tickets (KV, numbers and changes by compare-and-set; operation log and snapshots in ClickHouse; attachments on disk). */
  tickets: TicketService;
  /** Background exports of raw history and reports (files under <data>/exports, kept 7 days). */
  exports: ExportJobs;
  /** Scheduled reports e-mailed as CSV or Excel (KV cb_schedules, one send per run across engines). */
  schedules: Scheduler;
}

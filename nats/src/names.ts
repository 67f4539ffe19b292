/** Every NATS subject, stream and KV bucket callboard uses, declared once (nowhere else writes them as literals). */

/** Subjects. `<tenant>` is the tenant slug; `<kind>` is the event type with the dot replaced: call.offered → call_offered. */
export const Subjects = {
  /** Call and agent events, one subject per tenant and kind: cc.<tenant>.events.<kind>. */
  events: (tenant: string, kind: string) => `cc.${tenant}.events.${kind.replace('.', '_')}`,
  /** Wildcard over every tenant's events (the engine's consumer filter). */
  allEvents: 'cc.*.events.>',
  /** Live-state deltas for browsers, fanned out across engine instances: cc.<tenant>.live. */
  live: (tenant: string) => `cc.${tenant}.live`,
  /** Commands for PBX adapters (listen, whisper, barge, originate): cc.<tenant>.cmd.<name>. */
  command: (tenant: string, name: string) => `cc.${tenant}.cmd.${name}`,
  /** Every command of one tenant, for a PBX adapter's subscription: cc.<tenant>.cmd.*. */
  commands: (tenant: string) => `cc.${tenant}.cmd.*`,
  /**
   * An adapter's result for one command: cc.<tenant>.cmd_result.<commandId>. One subject per command,
   * so the engine instance that sent it (and only it) waits on exactly that answer; core NATS, not
   * stored: a result nobody waits for any more is worth nothing.
   */
  commandResult: (tenant: string, id: string) => `cc.${tenant}.cmd_result.${id}`,
  /** The tenant a subject of the forms above belongs to ('' for a subject without one). */
  tenantOf: (subject: string) => {
    const from = subject.indexOf('.') + 1;
    if (from === 0) return '';
    const to = subject.indexOf('.', from);
    return subject.slice(from, to < 0 ? subject.length : to);
  },
} as const;

/** Streams. */
export const Streams = {
  /** All call/agent events. Retention: limits; kept 7 days so a stopped engine catches up; ClickHouse is the archive. */
  events: { name: 'CC_EVENTS', subjects: [Subjects.allEvents], maxAgeMs: 7 * 24 * 3600_000, duplicateWindowMs: 10 * 60_000 },
  // :NOTE: no dead-letter stream: dead letters live in ClickHouse (`dead_letters`) alone. A CC_DEAD
  // stream made by an earlier version is left as it is (nothing writes to it any more).
} as const;

/** Durable consumers. */
export const Consumers = {
  /**
   * The engine's durable pull consumer on CC_EVENTS. Cumulative acks (AckPolicy.All): batches are
   * committed to ClickHouse in delivery order, and one ack after each commit covers the batch. The
   * bus makes that safe against deliveries lost in transit (a reconnect, or a pull request
   * nats-server < 2.10.14 answers after the client gave up on it): it watches the consumer's
   * delivery sequence and, on a gap, restarts the consumer after its ack floor before acking again.
   */
  engine: { stream: Streams.events.name, name: 'engine', ackWaitMs: 30_000, maxAckPending: 50_000, ackAll: true },
} as const;

/** KV buckets for operational state (compare-and-set semantics). Their key layouts are declared in keys.ts. */
export const Buckets = {
  /** Tenants and their settings (timezone, thresholds, retention). Keys: TenantKeys. */
  tenants: 'cb_tenants',
  /** Users, logins, sessions, API/display tokens, login back-off. Keys: IdentityKeys. */
  identity: 'cb_identity',
  /** Wallboards, widget specs and custom metrics. Keys: WallboardKeys. */
  wallboards: 'cb_wallboards',
  /** Callback requests and bookings (exclusive booking by CAS). Keys: CallbackKeys. */
  callbacks: 'cb_callbacks',
  /** Tickets, their per-series number counters and users' saved list views (numbers claimed by create, counters by CAS). Keys: TicketKeys. */
  tickets: 'cb_tickets',
  /** Scheduled reports and the claim of each one's last run (one send per run across engines, by CAS). Keys: ScheduleKeys. */
  schedules: 'cb_schedules',
} as const;
export type Bucket = (typeof Buckets)[keyof typeof Buckets];

/**
 * Single-owner leases. Two engines bound to the durable consumer `engine` would each take the
 * other's deliveries for holes and split live state between them, so exactly one engine owns
 * CC_EVENTS: it holds a key in this bucket, taken by compare-and-set, renewed by a heartbeat and
 * deleted on a clean stop; a starting engine that finds a lease someone renews refuses to start.
 * :NOTE: not in `Buckets`, which backups copy: a lease describes a running process, never data to restore.
 */
export const Leases = {
  /** Bucket of the leases (history 1: only the current holder matters). */
  bucket: 'cb_owners',
  /** The engine's lease on CC_EVENTS through its consumer. Key: <stream>.<consumer> (a tenant partition would get its own). */
  engine: {
    key: `${Streams.events.name}.${Consumers.engine.name}`,
    /**
     * Lease TTL, ms (CALLBOARD_OWNER_LEASE_SECONDS overrides): a holder whose renewals stop this long
     * is taken for dead and its lease taken over. Renewed every TTL/5; a restart after kill -9
     * waits up to this long, a restart after a clean stop not at all.
     */
    ttlMs: 10_000,
  },
} as const;

/**
 * Every KV key layout, declared once beside the bucket names: one family of keys per collection, each with a
 * builder, the prefix that lists it and a parser that recognises its keys and no other family's.
 *
 * Per-tenant keys are `<tenant>.<kind>.<id>`: listing `<tenant>.<kind>.` never reaches another tenant (the dot ends
 * the slug) nor another kind. Keys that belong to no tenant (looked up by the hash of a secret) are `_<kind>.<id>`:
 * a tenant slug starts with a letter or digit, so no tenant's keys can share their prefix.
 */
import { Buckets, type Bucket } from './names.ts';

/** A family of per-tenant keys `<tenant>.<kind>.<id>`. */
export interface TenantKeyFamily {
  readonly kind: string;
  key(tenant: string, id: string): string;
  /** Lists this family's keys of one tenant and of no other. */
  prefix(tenant: string): string;
  /** The tenant and id of a key of this family; null for any other key. */
  parse(key: string): { tenant: string; id: string } | null;
}

/** A family of keys that belong to no tenant: `_<kind>.<id>`. */
export interface GlobalKeyFamily {
  readonly kind: string;
  key(id: string): string;
  prefix(): string;
  parse(key: string): { id: string } | null;
}

function tenantKeys(kind: string): TenantKeyFamily {
  return {
    kind,
    key: (tenant, id) => `${tenant}.${kind}.${id}`,
    prefix: (tenant) => `${tenant}.${kind}.`,
    parse(key) {
      const dot = key.indexOf('.');
      const tenant = key.slice(0, dot);
      const rest = key.slice(dot + 1);
      if (dot <= 0 || tenant.startsWith('_') || !rest.startsWith(`${kind}.`) || rest.length === kind.length + 1) return null;
      return { tenant, id: rest.slice(kind.length + 1) };
    },
  };
}

function globalKeys(kind: string): GlobalKeyFamily {
  const prefix = `_${kind}.`;
  return {
    kind,
    key: (id) => prefix + id,
    prefix: () => prefix,
    parse: (key) => (key.startsWith(prefix) && key.length > prefix.length ? { id: key.slice(prefix.length) } : null),
  };
}

/** Tenants bucket (cb_tenants): one key per tenant, the slug itself. */
export const TenantKeys = {
  tenant: {
    key: (tenant: string) => tenant,
    /** Lists every tenant. */
    prefix: () => '',
    parse: (key: string) => (key.includes('.') || key.startsWith('_') ? null : { tenant: key }),
  },
} as const;

/** Identity bucket (cb_identity). */
export const IdentityKeys = {
  /** A user record: <tenant>.user.<userId>. */
  user: tenantKeys('user'),
  /** A login's owner (its value is the user id), created by CAS so logins stay unique: <tenant>.login.<login>. */
  login: tenantKeys('login'),
  /** A tenant's index of its tokens (its value is the secret's hash): <tenant>.token.<tokenId>. */
  tokenIndex: tenantKeys('token'),
  /** Markers of one-time set-up steps, e.g. the bootstrap admin token: <tenant>.bootstrap.<step>. */
  bootstrap: tenantKeys('bootstrap'),
  /** A token's record by the SHA-256 of its secret (hex): _token.<hash>. */
  token: globalKeys('token'),
  /** A browser session by the SHA-256 of its cookie (hex): _session.<hash>. */
  session: globalKeys('session'),
  /** A TV display session by the SHA-256 of its cookie (hex): _display.<hash>. */
  display: globalKeys('display'),
  /** A login back-off counter: _throttle.login.<digest of tenant + login> or _throttle.ip.<digest of ip>. */
  throttle: globalKeys('throttle'),
} as const;

/** Wallboards bucket (cb_wallboards). */
export const WallboardKeys = {
  /** A wallboard and its widgets: <tenant>.board.<wallboardId>. */
  board: tenantKeys('board'),
  /** An analyst's custom metric: <tenant>.metric.<metricId>. */
  metric: tenantKeys('metric'),
  /** Seeded once, ever (kept after the seeded thing is deleted): <tenant>.seeded.<name>. */
  seeded: tenantKeys('seeded'),
} as const;

/**
 * Callbacks bucket (cb_callbacks). :NOTE: a KV key cannot hold '+', so a request id keeps an E.164 number by its digits.
 */
export const CallbackKeys = {
  /**
   * A caller's callback request, its booking inside it (compare-and-set on this key's revision):
   * <tenant>.request.<requestId>, the request id being e164-<E.164 digits> or h-<32 hex> (a chat handle or a
   * number that does not validate; packages/metrics/src/callbacks/caller.ts).
   */
  request: tenantKeys('request'),
  /** A user's own callback preferences (e-mail per new missed call): <tenant>.pref.<userId>. */
  preference: tenantKeys('pref'),
  /**
   * An outbound callback campaign (name, paused, assigned agents; compare-and-set): <tenant>.campaign.<campaignId>.
   * Its entries are requests (`request` above) keyed c-<campaignId>-e164-<digits>.
   */
  campaign: tenantKeys('campaign'),
} as const;

/** Tickets bucket (cb_tickets). */
export const TicketKeys = {
  /**
   * A ticket: <tenant>.ticket.<series>-<number>. Created with `create` (fails when the key exists), which is what claims
   * its number: no two tickets share one, across engines (packages/metrics/src/tickets/numbering.ts).
   */
  ticket: tenantKeys('ticket'),
  /** The highest number known taken in a series (a hint where the next claim starts; raised by compare-and-set): <tenant>.seq.<series>. */
  counter: tenantKeys('seq'),
  /** A user's saved views of the ticket list (columns, grouping, filters): <tenant>.views.<userId>. */
  views: tenantKeys('views'),
} as const;

/** Schedules bucket (cb_schedules). */
export const ScheduleKeys = {
  /** A scheduled report: <tenant>.schedule.<scheduleId>. */
  schedule: tenantKeys('schedule'),
  /** The claim and outcome of a schedule's latest run (compare-and-set: one engine sends each run): <tenant>.run.<scheduleId>. */
  run: tenantKeys('run'),
} as const;

/**
 * Layouts written by earlier versions, and the key each is renamed to when the bucket is opened (null: not a
 * legacy key). Wallboards were `<tenant>.<id>` (told from other keys by counting dots); the keys of no tenant had
 * no `_`, so a tenant named "session" or "display" shared their prefix and the sweeps read its users.
 */
export const LegacyKeys: Partial<Record<Bucket, (key: string) => string | null>> = {
  [Buckets.wallboards]: (key: string): string | null => {
    const m = /^([a-z0-9][a-z0-9_-]*)\.([^.]+)$/.exec(key);
    return m ? WallboardKeys.board.key(m[1], m[2]) : null;
  },
  [Buckets.identity]: (key: string): string | null => {
    const m = /^(token|session|display)\.([0-9a-f]{64})$/.exec(key) ?? /^(throttle)\.((?:login|ip)\.[0-9a-f]{32})$/.exec(key);
    return m ? `_${m[1]}.${m[2]}` : null;
  },
};

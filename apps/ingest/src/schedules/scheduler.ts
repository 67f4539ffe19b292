/**
 * Scheduled reports: each enabled schedule has a croner job in its call centre's timezone; at each run the
 * engines race to claim it by compare-and-set on the schedule's run key (KV cb_schedules), so with several
 * engines on one NATS a run is sent once. The winner writes the source over the run's range (yesterday, last
 * week, last month) through the export queue, e-mails it, retries a failed send with back-off, and records
 * the outcome (sending, retrying with the error, sent, failed) where the schedule's view shows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { ScheduleInput, ScheduleRun, ScheduleView } from '@callboard/api';
import { KvConflictError, type Kv } from '@callboard/bus';
import { ScheduleKeys } from '@callboard/nats';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { ExportJobs } from '../exports/jobs.ts';
import { exportFileName, filterWords, FORMAT_INFO } from '../exports/formats.ts';
import { resolveRange } from '../exports/range.ts';
import { InvalidRequestError, NotFoundError } from '../errors/http-errors.ts';
import { RUNS_KEPT, ScheduleStore, type RunOutcome, type StoredRun, type StoredSchedule } from './store.ts';
import { scheduleDays } from './range.ts';
import type { ReportMailer } from './mailer.ts';

export interface SchedulerOptions {
  kv: Kv;
  exports: ExportJobs;
  tenants: TenantRegistry;
  log: Logger;
  /** null: no SMTP_URL, every run fails saying so. */
  mailer: ReportMailer | null;
  now?: () => number;
  /** Sends tried per run, and the first retry's delay (each next one 4× longer), ms. */
  attempts?: number;
  retryMs?: number;
  /** Where reports are rendered before they are sent (removed after). */
  workDir?: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class Scheduler {
  readonly store: ScheduleStore;
  private readonly jobs = new Map<string, Cron>();
  private readonly instance = randomUUID();
  private readonly now: () => number;
  private unwatch: (() => void) | null = null;
  private running = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(private readonly opts: SchedulerOptions) {
    this.store = new ScheduleStore(opts.kv);
    this.now = opts.now ?? Date.now;
  }

  static async open(opts: SchedulerOptions): Promise<Scheduler> {
    const s = new Scheduler(opts);
    for (const key of await opts.kv.keys()) {
      const k = ScheduleKeys.schedule.parse(key);
      if (k) s.plan(k.tenant, await s.store.get(k.tenant, k.id));
    }
    // Every tenant's schedules (no prefix): one written through another engine is planned here too.
    s.unwatch = await opts.kv.watch((e) => {
      const k = ScheduleKeys.schedule.parse(e.key);
      if (!k) return;
      if (e.value === null) s.plan(k.tenant, null, k.id);
      else void s.store.get(k.tenant, k.id).then((sc) => s.plan(k.tenant, sc, k.id)).catch(() => undefined);
    });
    // A changed timezone moves every schedule of the tenant.
    opts.tenants.onChange((t) => void s.store.list(t.id).then((list) => list.forEach((sc) => s.plan(t.id, sc))).catch(() => undefined));
    return s;
  }

  /** The cron expression checked: a bad one is a 400 naming the field. */
  static checkCron(expr: string): void {
    try {
      new Cron(expr, { paused: true }).stop();
    } catch (err) {
      throw new InvalidRequestError(`cron: ${JSON.stringify(expr)} is not a cron expression (${(err as Error).message})`, 'cron');
    }
  }

  async create(tenant: string, input: ScheduleInput, createdBy: string): Promise<ScheduleView> {
    this.check(tenant, input);
    const s: StoredSchedule = { ...input, id: randomUUID(), createdBy, createdAt: this.now() };
    await this.store.schedules.at(tenant, s.id).create(s);
    this.plan(tenant, s);
    return this.view(tenant, s);
  }

  async update(tenant: string, id: string, input: ScheduleInput): Promise<ScheduleView> {
    this.check(tenant, input);
    const cur = await this.store.schedules.at(tenant, id).get();
    if (!cur) throw new NotFoundError(`no schedule ${id}`);
    // a schedule saved without filters has none, even if the one it replaces had some
    const s: StoredSchedule = { ...cur.value, filters: undefined, ...input };
    await this.store.schedules.at(tenant, id).update(s, cur.revision);
    this.plan(tenant, s);
    return this.view(tenant, s);
  }

  async remove(tenant: string, id: string): Promise<void> {
    if (!(await this.store.get(tenant, id))) throw new NotFoundError(`no schedule ${id}`);
    await this.store.schedules.at(tenant, id).delete();
    await this.store.runs.at(tenant, id).delete().catch(() => undefined);
    this.plan(tenant, null, id);
  }

  async list(tenant: string): Promise<ScheduleView[]> {
    return Promise.all((await this.store.list(tenant)).map((s) => this.view(tenant, s)));
  }

  async get(tenant: string, id: string): Promise<ScheduleView> {
    const s = await this.store.get(tenant, id);
    if (!s) throw new NotFoundError(`no schedule ${id}`);
    return this.view(tenant, s);
  }

  /** Runs a schedule now, as if it were its time (by hand: "send now"); resolves when claimed, sends in the background. */
  async runNow(tenant: string, id: string): Promise<ScheduleView> {
    const s = await this.store.get(tenant, id);
    if (!s) throw new NotFoundError(`no schedule ${id}`);
    await this.claimAndSend(tenant, s, this.now());
    return this.view(tenant, s);
  }

  /**
   * One run of a schedule at `slot`: claimed by compare-and-set (false: another engine has it, or it ran),
   * then rendered and sent in the background. Resolves once the claim is decided.
   */
  async claimAndSend(tenant: string, s: StoredSchedule, slot: number): Promise<boolean> {
    const rec = this.store.runs.at(tenant, s.id);
    const cur = await rec.get().catch(() => null);
    if (cur && cur.value.slot >= slot) return false;
    const earlier: RunOutcome[] = cur ? [{ slot: cur.value.slot, status: cur.value.status, attempts: cur.value.attempts, error: cur.value.error, rows: cur.value.rows, at: cur.value.at }, ...cur.value.previous] : [];
    const run: StoredRun = { slot, instance: this.instance, status: 'sending', attempts: 0, error: null, rows: null, at: this.now(), previous: earlier.slice(0, RUNS_KEPT - 1) };
    try {
      if (cur) await rec.update(run, cur.revision);
      else await rec.create(run);
    } catch (err) {
      if (err instanceof KvConflictError) return false;
      throw err;
    }
    const p = this.send(tenant, s, run).catch((err: unknown) => this.opts.log.error({ err, tenant, schedule: s.id }, 'scheduled report failed'));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return true;
  }

  /** Runs in progress waited for (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unwatch?.();
    for (const j of this.jobs.values()) j.stop();
    this.jobs.clear();
    await this.idle();
  }

  /**
   * The cron expression, the source and its filters checked: each a 400 naming its field. The filters are checked by
   * building the source over the range its next run would cover, as the run will (a grouping the report does not
   * offer, or filters on a source that takes none, are refused now rather than failing every run).
   */
  private check(tenant: string, input: ScheduleInput): void {
    Scheduler.checkCron(input.cron);
    if (!this.opts.exports.catalogue.has(input.source)) {
      throw new InvalidRequestError(`source: unknown source ${JSON.stringify(input.source)}; expected one of ${this.opts.exports.catalogue.list().map((x) => x.name).join(', ')}`, 'source');
    }
    const settings = this.opts.tenants.get(tenant)?.settings;
    if (!settings) return;
    const days = scheduleDays(input.range, this.now(), settings.timezone);
    this.opts.exports.catalogue.build(input.source, resolveRange(tenant, days.from, days.to, settings, this.now()), input.filters);
  }

  private timezone(tenant: string): string {
    return this.opts.tenants.get(tenant)?.settings.timezone ?? 'UTC';
  }

  /** (Re)creates the cron job of a schedule; null or disabled: none. */
  private plan(tenant: string, s: StoredSchedule | null, id = s?.id): void {
    const key = `${tenant}/${id}`;
    this.jobs.get(key)?.stop();
    this.jobs.delete(key);
    if (!s || !s.enabled || this.closed) return;
    const job = new Cron(s.cron, { timezone: this.timezone(tenant), protect: true }, async (self: Cron) => {
      // Every engine computes the same planned time: it is the run's claim.
      const slot = Math.round((self.currentRun()?.getTime() ?? this.now()) / 1000) * 1000;
      const latest = await this.store.get(tenant, s.id);
      if (latest?.enabled) await this.claimAndSend(tenant, latest, slot);
    });
    this.jobs.set(key, job);
  }

  private async record(tenant: string, id: string, run: StoredRun): Promise<void> {
    run.at = this.now();
    await this.store.runs.at(tenant, id).put(run);
  }

  private async send(tenant: string, s: StoredSchedule, run: StoredRun): Promise<void> {
    const tenantRecord = this.opts.tenants.get(tenant);
    const dir = mkdtempSync(join(this.opts.workDir ?? tmpdir(), 'cb-report-'));
    try {
      if (!tenantRecord) throw new Error(`tenant ${tenant} is gone`);
      const days = scheduleDays(s.range, run.slot, tenantRecord.settings.timezone);
      const range = resolveRange(tenant, days.from, days.to, tenantRecord.settings, this.now());
      const source = this.opts.exports.catalogue.build(s.source, range, s.filters);
      if (!source) throw new Error(`source ${s.source} no longer exists`);
      const narrowed = filterWords(s.filters);
      const filename = exportFileName(s.source, days.from, days.to, s.format, s.filters);
      const path = join(dir, filename);
      const { rows } = await this.opts.exports.render(source, s.format, path);
      run.rows = rows;
      const attempts = this.opts.attempts ?? 3;
      for (let n = 1; ; n++) {
        run.attempts = n;
        try {
          if (!this.opts.mailer) throw new Error('no SMTP_URL is configured: callboard cannot send e-mail');
          await this.opts.mailer.send({
            to: s.recipients, subject: `${s.name}: ${days.from === days.to ? days.from : `${days.from} to ${days.to}`}`,
            text: `${s.name}, ${s.source}${narrowed ? ` (${narrowed})` : ''} from ${days.from} to ${days.to} (${rows} rows), attached as ${filename}.\nSent by callboard on schedule "${s.cron}" (${tenantRecord.settings.timezone}).\n`,
            attachment: { filename, path, contentType: FORMAT_INFO[s.format].mime },
          });
          Object.assign(run, { status: 'sent', error: null });
          await this.record(tenant, s.id, run);
          return;
        } catch (err) {
          const why = (err as Error).message.split('\n')[0].slice(0, 300);
          this.opts.log.warn({ err, tenant, schedule: s.id, attempt: n }, 'scheduled report e-mail failed');
          Object.assign(run, { status: n < attempts && !this.closed ? 'retrying' : 'failed', error: `sending failed (attempt ${n} of ${attempts}): ${why}` });
          await this.record(tenant, s.id, run);
          if (run.status === 'failed') return;
          await new Promise((r) => setTimeout(r, (this.opts.retryMs ?? 30_000) * 4 ** (n - 1)));
        }
      }
    } catch (err) {
      Object.assign(run, { status: 'failed', error: (err as Error).message.split('\n')[0].slice(0, 300) });
      await this.record(tenant, s.id, run);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private async view(tenant: string, s: StoredSchedule): Promise<ScheduleView> {
    const run = await this.store.lastRun(tenant, s.id).catch(() => null);
    const next = s.enabled ? new Cron(s.cron, { timezone: this.timezone(tenant), paused: true }).nextRun(new Date(this.now())) : null;
    const shown = (r: RunOutcome): ScheduleRun => ({ slot: iso(r.slot)!, status: r.status, attempts: r.attempts, error: r.error, rows: r.rows, at: iso(r.at)! });
    const lastRun = run ? shown(run) : null;
    return {
      id: s.id, name: s.name, source: s.source, range: s.range, format: s.format, ...(s.filters ? { filters: s.filters } : {}), recipients: s.recipients, cron: s.cron, enabled: s.enabled,
      createdBy: s.createdBy, createdAt: iso(s.createdAt)!, nextRun: next ? next.toISOString() : null, lastRun,
      runs: run ? [shown(run), ...run.previous.map(shown)] : [],
    };
  }
}

/**
 * Export jobs: an export runs in the background, one at a time (embedded chdb has one streaming cursor per
 * session), with its progress; its file and record live under <data>/exports/<tenant>/ and are removed 7 days
 * after the job was created. Only the tenant and the user (or token) that started a job see or download it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ClickHouseClient } from '@clickhouse/client';
import type { ExportFilters } from '@callboard/api';
import { FORMAT_INFO, type ExportFormat } from './formats.ts';
import { countRows, writeExport } from './writer.ts';
import type { SourceCatalogue } from './catalogue.ts';
import { readSource, type ExportRange, type ExportSource } from './source.ts';

/** How long a finished export's file is kept, ms. */
export const EXPORT_KEEP_MS = 7 * 86_400_000;

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJob {
  id: string;
  tenant: string;
  /** The principal's subject (user id or token id) that started it: the only one who may see it. */
  owner: string;
  source: string;
  format: ExportFormat;
  from: string;
  to: string;
  /** The report's grouping and filters it applied (null: none; records before filters existed have none). */
  filters?: ExportFilters | null;
  status: ExportStatus;
  /** Rows written so far, and the rows the source has (known once the job runs). */
  rows: number;
  total: number | null;
  bytes: number;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
  /** When the job and its file are removed, epoch ms. */
  expiresAt: number;
}

export interface ExportJobsOptions {
  ch: ClickHouseClient;
  /** Root directory of the files (<data>/exports). */
  dir: string;
  catalogue: SourceCatalogue;
  log: Logger;
  /** The clock (tests move it on to see files expire). */
  now?: () => number;
  /** How often expired jobs are swept, ms (0: never; tests sweep by hand). */
  sweepMs?: number;
}

const safe = (s: string) => encodeURIComponent(s);

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout | null;
  /** Aborts the export running when the engine stops (it is failed, and can be started again). */
  private readonly stopping = new AbortController();
  readonly now: () => number;

  constructor(private readonly opts: ExportJobsOptions) {
    this.now = opts.now ?? Date.now;
    mkdirSync(opts.dir, { recursive: true });
    this.load();
    this.sweep();
    const every = opts.sweepMs ?? 3600_000;
    this.timer = every > 0 ? setInterval(() => this.sweep(), every) : null;
    this.timer?.unref();
  }

  get catalogue(): SourceCatalogue {
    return this.opts.catalogue;
  }

  /** Starts an export of `source` in the background; answers its job at once. */
  start(tenant: string, owner: string, source: ExportSource, format: ExportFormat, range: ExportRange, filters: ExportFilters | null = null): ExportJob {
    const createdAt = this.now();
    const job: ExportJob = {
      id: randomUUID(), tenant, owner, source: source.name, format, from: range.fromDay, to: range.toDay, filters, status: 'queued',
      rows: 0, total: null, bytes: 0, error: null, createdAt, finishedAt: null, expiresAt: createdAt + EXPORT_KEEP_MS,
    };
    this.jobs.set(job.id, job);
    this.save(job);
    this.queue = this.queue.then(() => this.run(job, source));
    return { ...job };
  }

  /** Writes `source` to a file now, in the same queue as the jobs (scheduled reports use it); the caller removes the file. */
  async render(source: ExportSource, format: ExportFormat, path: string): Promise<{ rows: number; bytes: number }> {
    const result = this.queue.then(() => readSource(source, (s) => writeExport(this.opts.ch, s, format, path)));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The caller's jobs, newest first. */
  list(tenant: string, owner: string): ExportJob[] {
    return [...this.jobs.values()].filter((j) => j.tenant === tenant && j.owner === owner).sort((a, b) => b.createdAt - a.createdAt).map((j) => ({ ...j }));
  }

  /** A job of the caller's, or null (another tenant's or user's job is not found). */
  get(tenant: string, owner: string, id: string): ExportJob | null {
    const j = this.jobs.get(id);
    return j && j.tenant === tenant && j.owner === owner && j.expiresAt > this.now() ? { ...j } : null;
  }

  /** The file of a finished job. */
  filePath(job: Pick<ExportJob, 'tenant' | 'id' | 'format'>): string {
    return join(this.tenantDir(job.tenant), `${job.id}.${FORMAT_INFO[job.format].ext}`);
  }

  /** Every job waited for (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const q = this.queue;
      await q;
      if (q === this.queue) return;
    }
  }

  /** Removes the jobs and files past their 7 days; answers how many went. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const j of [...this.jobs.values()]) {
      if (j.expiresAt > now || j.status === 'running' || j.status === 'queued') continue;
      rmSync(this.filePath(j), { force: true });
      rmSync(this.recordPath(j), { force: true });
      this.jobs.delete(j.id);
      removed += 1;
    }
    if (removed) this.opts.log.info({ removed }, 'expired exports removed');
    return removed;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopping.abort();
    await this.idle();
  }

  private async run(job: ExportJob, source: ExportSource): Promise<void> {
    const tmp = `${this.filePath(job)}.part`;
    try {
      if (this.stopping.signal.aborted) throw new Error('the engine stopped before this export started: start it again');
      job.status = 'running';
      // a report's rows with today's live legs: counted and written at one moment of live state (source.ts `live`)
      const res = await readSource(source, async (s) => {
        job.total = await countRows(this.opts.ch, s);
        this.save(job);
        return writeExport(this.opts.ch, s, job.format, tmp, (rows) => { job.rows = rows; }, this.stopping.signal);
      });
      renameSync(tmp, this.filePath(job));
      Object.assign(job, { status: 'done', rows: res.rows || job.total, bytes: res.bytes, finishedAt: this.now() });
    } catch (err) {
      rmSync(tmp, { force: true });
      this.opts.log.error({ err, job: job.id, tenant: job.tenant }, 'export failed');
      Object.assign(job, { status: 'failed', error: `the export failed: ${(err as Error).message.split('\n')[0].slice(0, 300)}`, finishedAt: this.now() });
    }
    this.save(job);
  }

  private tenantDir(tenant: string): string {
    return join(this.opts.dir, safe(tenant));
  }

  private recordPath(job: Pick<ExportJob, 'tenant' | 'id'>): string {
    return join(this.tenantDir(job.tenant), `${job.id}.json`);
  }

  private save(job: ExportJob): void {
    mkdirSync(this.tenantDir(job.tenant), { recursive: true });
    writeFileSync(this.recordPath(job), JSON.stringify(job));
  }

  /** Jobs kept on disk; one that was queued or running when the engine stopped is failed, with why. */
  private load(): void {
    for (const t of existsSync(this.opts.dir) ? readdirSync(this.opts.dir) : []) {
      for (const f of readdirSync(join(this.opts.dir, t)).filter((n) => n.endsWith('.json'))) {
        try {
          const job = JSON.parse(readFileSync(join(this.opts.dir, t, f), 'utf8')) as ExportJob;
          if (job.status === 'queued' || job.status === 'running') {
            Object.assign(job, { status: 'failed', error: 'the engine stopped before this export finished: start it again', finishedAt: this.now() });
            rmSync(`${this.filePath(job)}.part`, { force: true });
            this.save(job);
          }
          this.jobs.set(job.id, job);
        } catch (err) {
          this.opts.log.warn({ err, file: f }, 'unreadable export record skipped');
        }
      }
    }
  }
}

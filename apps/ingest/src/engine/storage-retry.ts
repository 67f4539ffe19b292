/**
 * How the engine retries storage: every failed attempt is reported (gauges, the log, and
 * `failures`, which /readyz reads), a recovery once; at shutdown back-off sleeps are cut short
 * and, after STOP_GRACE_MS, retrying gives up (CommitAbandonedError) so the process can exit.
 */
import type { Logger } from 'pino';
import { retryTransient, type RetryOptions } from './committer.ts';
import type { EngineStats } from './stats.ts';

/** Once stopping, how long a failing commit is retried before it is left unacked for the bus to redeliver, ms. */
export const STOP_GRACE_MS = 5_000;

export class StorageRetry {
  /** Consecutive failed attempts to write to ClickHouse (0: storage is fine). */
  failures = 0;
  /** When stop() was called (0: running). */
  private stoppingSince = 0;
  private wake: () => void = () => {};
  private readonly stopSignal = new Promise<void>((r) => { this.wake = r; });

  constructor(private readonly stats: EngineStats, private readonly log: Logger) {}

  /** The engine is stopping: sleeps end now, and retrying ends STOP_GRACE_MS from now. */
  stop(now = Date.now()): void {
    this.stoppingSince = now;
    this.wake();
  }

  /** Runs `attempt` until it succeeds, logging each failure with `message`; throws CommitAbandonedError once given up. */
  run(attempt: () => Promise<void>, message: string): Promise<void> {
    return retryTransient(attempt, this.options(message));
  }

  options(message: string): RetryOptions {
    return {
      onFailure: (err, failures) => {
        this.failures = failures;
        this.stats.storageFailing.set(1);
        this.stats.storageFailures.set(failures);
        this.log.error({ err, failures }, message);
      },
      onRecovered: () => {
        this.failures = 0;
        this.stats.storageFailing.set(0);
        this.stats.storageFailures.set(0);
        this.log.info('ClickHouse writes succeed again');
      },
      stopping: () => this.stoppingSince > 0,
      giveUp: () => this.stoppingSince > 0 && Date.now() - this.stoppingSince >= STOP_GRACE_MS,
      wake: this.stopSignal,
    };
  }
}

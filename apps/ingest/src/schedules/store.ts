/** Scheduled reports and their last run, in KV cb_schedules (ScheduleKeys): they survive restarts and are shared by every engine. */
import { z } from 'zod';
import { ScheduleInput, ScheduleRun } from '@callboard/api';
import type { Kv } from '@callboard/bus';
import { ScheduleKeys } from '@callboard/nats';
import { jsonCodec, KvCollection } from '../kv/kv-collection.ts';

export const StoredSchedule = ScheduleInput.extend({ id: z.string(), createdBy: z.string(), createdAt: z.number() });
export type StoredSchedule = z.infer<typeof StoredSchedule>;

const RunOutcome = ScheduleRun.omit({ slot: true, at: true }).extend({ slot: z.number(), at: z.number() });
export type RunOutcome = z.infer<typeof RunOutcome>;

/** Earlier runs kept on the run record, newest first (the schedule's page shows them). */
export const RUNS_KEPT = 10;

/**
 * A run's claim and outcome: `slot` (epoch ms) is the claim; the engine that wrote it first sends it. The record
 * carries the earlier runs' outcomes along, so claiming a run and keeping its history is one compare-and-set.
 */
export const StoredRun = RunOutcome.extend({ instance: z.string(), previous: z.array(RunOutcome).default([]) });
export type StoredRun = z.infer<typeof StoredRun>;

export class ScheduleStore {
  readonly schedules: KvCollection<StoredSchedule, [string, string], [string]>;
  readonly runs: KvCollection<StoredRun, [string, string], [string]>;

  constructor(readonly kv: Kv) {
    this.schedules = new KvCollection(kv, ScheduleKeys.schedule, jsonCodec(StoredSchedule));
    this.runs = new KvCollection(kv, ScheduleKeys.run, jsonCodec(StoredRun));
  }

  async list(tenant: string): Promise<StoredSchedule[]> {
    return (await this.schedules.list(tenant)).map((s) => s.value).sort((a, b) => a.createdAt - b.createdAt);
  }

  async get(tenant: string, id: string): Promise<StoredSchedule | null> {
    return (await this.schedules.at(tenant, id).get())?.value ?? null;
  }

  async lastRun(tenant: string, id: string): Promise<StoredRun | null> {
    return (await this.runs.at(tenant, id).get())?.value ?? null;
  }
}

/** The metric catalogue: every metric, defined once (one file each), in display order. */
import type { MetricDefinition } from './define.ts';
import offered from './offered.ts';
import answered from './answered.ts';
import abandoned from './abandoned.ts';
import shortAbandoned from './short_abandoned.ts';
import missed from './missed.ts';
import exited from './exited.ts';
import exitedTimeout from './exited_timeout.ts';
import exitedKey from './exited_key.ts';
import exitedEmpty from './exited_empty.ts';
import exitedFull from './exited_full.ts';
import answeredInSl from './answered_in_sl.ts';
import serviceLevel from './service_level.ts';
import serviceQuality from './service_quality.ts';
import abandonRate from './abandon_rate.ts';
import asa from './asa.ts';
import avgAbandonWait from './avg_abandon_wait.ts';
import maxWait from './max_wait.ts';
import handled from './handled.ts';
import aht from './aht.ts';
import avgTalk from './avg_talk.ts';
import avgWrap from './avg_wrap.ts';
import transferred from './transferred.ts';
import callsPerAgent from './calls_per_agent.ts';
import occupancy from './occupancy.ts';
import pausedTime from './paused_time.ts';

export const CATALOGUE: readonly MetricDefinition[] = [
  offered,
  answered,
  abandoned,
  shortAbandoned,
  missed,
  exited,
  exitedTimeout,
  exitedKey,
  exitedEmpty,
  exitedFull,
  answeredInSl,
  serviceLevel,
  serviceQuality,
  abandonRate,
  asa,
  avgAbandonWait,
  maxWait,
  handled,
  aht,
  avgTalk,
  avgWrap,
  transferred,
  callsPerAgent,
  occupancy,
  pausedTime,
];
export type { MetricDefinition, Unit } from './define.ts';

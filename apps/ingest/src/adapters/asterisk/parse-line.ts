/** Splits one Asterisk queue_log line (`time|callid|queue|agent|event|data…`) into fields, never throwing. */
import { DateTime } from 'luxon';

export interface QueueLogRecord {
  /** Epoch ms. */
  ts: number;
  /** Asterisk uniqueid of the caller's channel, or NONE for member events. */
  callId: string;
  /** Queue name, or NONE. */
  queue: string;
  /** Member interface or member name (PJSIP/1001, Local/1001@from-queue/n, Anna Rossi), or NONE. */
  agent: string;
  /** Upper-case event name: ENTERQUEUE, CONNECT, … */
  event: string;
  /** data1, data2, … (index 0 is data1). */
  data: string[];
}

export type ParsedLine = { ok: true; record: QueueLogRecord } | { ok: false; error: string; line: string };

const EPOCH = /^\d{9,11}(\.\d+)?$/;
// Realtime/ODBC back-ends and some exports write the time column as a local date-time.
const DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const EVENT = /^[A-Z][A-Z_]*$/;

/**
 * Parse one line. The classic file format starts with epoch seconds; the newer format starts with
 * "YYYY-MM-DD HH:MM:SS[.ffffff]", read in `timezone` (the PBX's zone; default UTC).
 */
export function parseQueueLogLine(line: string, timezone = 'UTC'): ParsedLine {
  const text = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  const fields = text.split('|');
  if (fields.length < 5) return { ok: false, error: `expected at least 5 |-separated fields, got ${fields.length}`, line };
  const [time, callId, queue, agent, event, ...data] = fields;
  let ts: number;
  if (EPOCH.test(time)) ts = Math.round(Number(time) * 1000);
  else if (DATETIME.test(time)) {
    const dt = DateTime.fromSQL(time.replace('T', ' '), { zone: timezone });
    if (!dt.isValid) return { ok: false, error: `bad date-time ${JSON.stringify(time)} (${dt.invalidExplanation ?? dt.invalidReason})`, line };
    ts = dt.toMillis();
  } else return { ok: false, error: `bad time field ${JSON.stringify(time)}: expected epoch seconds or YYYY-MM-DD HH:MM:SS`, line };
  if (!EVENT.test(event)) return { ok: false, error: `bad event name ${JSON.stringify(event)}`, line };
  if (!callId || !queue || !agent) return { ok: false, error: 'empty callid, queue or agent field', line };
  return { ok: true, record: { ts, callId, queue, agent, event, data } };
}

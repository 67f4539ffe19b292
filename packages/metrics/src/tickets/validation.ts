/** Field rules that need more than a type: phone to E.164, e-mail, the document date within the open period, series and type from the settings. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { TicketSettings } from './settings.ts';

/** A refused field: the sentence for the person, and which field. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A phone number to E.164 (tenant default country for national numbers); '' stays ''. */
export function normalisePhone(raw: string, defaultCountry: string): { ok: true; value: string } | { ok: false; problem: FieldProblem } {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  const parsed = /^[\d\s()+\-.]+$/.test(text) ? parsePhoneNumberFromString(text.startsWith('00') ? `+${text.slice(2)}` : text, defaultCountry as CountryCode) : undefined;
  if (!parsed?.isValid()) return { ok: false, problem: { field: 'phone', message: `"${text}" is not a valid phone number (write it with its country prefix, e.g. +40 21 123 4567)` } };
  return { ok: true, value: parsed.number };
}

const Email = z.email();

export function checkEmail(raw: string): { ok: true; value: string } | { ok: false; problem: FieldProblem } {
  const text = raw.trim();
  if (text === '' || Email.safeParse(text).success) return { ok: true, value: text };
  return { ok: false, problem: { field: 'email', message: `"${text}" is not an e-mail address` } };
}

/** The first day a ticket may be dated: the setting, else the first day of `today`'s month. */
export function openPeriodFrom(settings: Pick<TicketSettings, 'openPeriodFrom'>, today: string): string {
  return settings.openPeriodFrom ?? `${today.slice(0, 8)}01`;
}

/** The document date lies in the open period: from its first day to today (seed 003: only dates of the current session). */
export function checkDate(date: string, settings: Pick<TicketSettings, 'openPeriodFrom'>, today: string): FieldProblem | null {
  const from = openPeriodFrom(settings, today);
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { field: 'date', message: `${date} is not a date` };
  if (date > today) return { field: 'date', message: `the date ${date} is in the future (today is ${today})` };
  if (date < from) return { field: 'date', message: `the date ${date} is before the open period, which starts on ${from}` };
  return null;
}

export function checkSeries(series: string, settings: Pick<TicketSettings, 'series'>): FieldProblem | null {
  return settings.series.includes(series) ? null : { field: 'series', message: `unknown series ${series}: this call centre numbers tickets in ${settings.series.join(', ')}` };
}

export function checkType(type: string, settings: Pick<TicketSettings, 'types'>): FieldProblem | null {
  return settings.types.includes(type) ? null : { field: 'type', message: `unknown ticket type "${type}": the types are ${settings.types.join(', ')}` };
}

/** The scheduled end comes after the start when both are set. */
export function checkSchedule(start: number | null, end: number | null): FieldProblem | null {
  return start !== null && end !== null && end <= start ? { field: 'scheduledEnd', message: 'the scheduled end must be after the scheduled start' } : null;
}

// Typed calls to the reports API (@callboard/api reports.ts).
import type { CallTimeline, ReportId, ReportList, ReportQuery, ReportResult } from '@callboard/api';
import { api } from '$lib/api';

export type ReportParams = ReportQuery;

export const reports = {
  list: () => api<ReportList>('reports'),
  run: (id: ReportId, q: ReportParams, signal?: AbortSignal) => api<ReportResult>(`reports/${id}`, { query: { ...q }, signal }),
  timeline: (callId: string) => api<CallTimeline>(`reports/timeline/${encodeURIComponent(callId)}`),
};

/** The query string of a report (for the CSV link): empty values left out. */
export function queryString(q: ReportParams): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') s.set(k, String(v));
  return s.toString();
}

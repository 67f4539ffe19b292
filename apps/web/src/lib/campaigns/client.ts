// Typed calls to /api/v1/campaigns (contract: @callboard/api campaigns.ts); every path the screens use is written here once.
import type { BulkResult, CampaignEntries, CampaignList, CampaignView, ImportReport } from '@callboard/api';
import { api } from '$lib/api';

const one = (id: string, step?: string) => `campaigns/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;
const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

export const campaigns = {
  list: () => api<CampaignList>('campaigns'),
  create: (name: string) => post<CampaignView>('campaigns', { name }),
  rename: (id: string, name: string) => api<CampaignView>(one(id), { method: 'PATCH', body: { name } }),
  /** Archived: its open entries removed, bookings and changes refused from then on; it leaves the list. */
  archive: (id: string) => api<CampaignView>(one(id), { method: 'DELETE' }),
  pause: (id: string) => post<CampaignView>(one(id, 'pause')),
  resume: (id: string) => post<CampaignView>(one(id, 'resume')),
  setAgents: (id: string, userIds: string[]) => api<CampaignView>(one(id, 'agents'), { method: 'PUT', body: { userIds } }),
  /** One page of a campaign's entries (newest first). */
  entries: (id: string, view: 'open' | 'closed' | 'all' = 'all', limit = 200, offset = 0) =>
    api<CampaignEntries>(one(id, 'entries'), { query: { view, limit, offset } }),
  /** Missed calls' requests (Assign Call's selection) added as entries. */
  add: (id: string, requestIds: string[]) => post<BulkResult>(one(id, 'entries'), { requestIds }),
  /** The CSV file as it is; the report lists every rejected line with its reason. */
  import: (id: string, file: Blob, header: boolean, column?: string) =>
    api<ImportReport>(one(id, 'import'), { method: 'POST', body: file, contentType: 'text/csv', query: { header: String(header), column } }),
  move: (id: string, entryIds: string[], to: string) => post<BulkResult>(one(id, 'entries/move'), { entryIds, to }),
  remove: (id: string, entryIds: string[]) => post<BulkResult>(one(id, 'entries/remove'), { entryIds }),
};

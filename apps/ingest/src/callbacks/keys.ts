/**
 * Request keys of the callbacks bucket (CallbackKeys.request of @callboard/nats: `<tenant>.request.<requestId>`),
 * the request id being the caller key (e164-<digits> or h-<hex>), so one caller has one row per tenant.
 */
import { CallbackKeys } from '@callboard/nats';

/** The tenant and request id of a request key; null for any other key of the bucket (preferences). */
export function parseCallbackKey(key: string): { tenant: string; requestId: string } | null {
  const k = CallbackKeys.request.parse(key);
  return k ? { tenant: k.tenant, requestId: k.id } : null;
}
/** Request ids as the engine makes them (also what call.outbound's callbackId must be): a caller's, or a campaign entry's. */
export const REQUEST_ID = /^(e164-\d{1,20}|h-[0-9a-f]{32}|c-[a-z0-9]{10}-e164-\d{1,20})$/;

/**
 * KV keys of the callbacks bucket (Buckets.callbacks): `<tenant>.<requestId>`, the request id being the
 * caller key (e164-<digits> or h-<hex>), so one caller has one row per tenant.
 * :NOTE: kept here, small, until nats/ declares key layouts; then this file gives way to that helper.
 */
export const callbackKey = (tenant: string, requestId: string) => `${tenant}.${requestId}`;
/** The tenant and request id of a key of this bucket. */
export function parseCallbackKey(key: string): { tenant: string; requestId: string } | null {
  const dot = key.indexOf('.');
  return dot <= 0 ? null : { tenant: key.slice(0, dot), requestId: key.slice(dot + 1) };
}
/** Request ids as the engine makes them (also what call.outbound's callbackId must be). */
export const REQUEST_ID = /^(e164-\d{1,20}|h-[0-9a-f]{32})$/;

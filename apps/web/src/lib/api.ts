// Same-origin fetch helper for the engine API: credentials included; answers typed by @callboard/api, errors surfaced as ApiError.
import type { ErrorBody, ErrorCode } from '@callboard/api';

/** An API call that failed; `message` is the server's explanation, fit to show to a person. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code: ErrorCode | 'NETWORK' | 'NOT_JSON', readonly field?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON, or a file (Blob) sent as it is with `contentType`. */
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** The one error shape, or null when a proxy or crash answered something else (e.g. an HTML 502 page). */
function errorOf(json: unknown): ErrorBody['error'] | null {
  const e = (json as { error?: unknown } | null)?.error;
  return e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string' ? (e as ErrorBody['error']) : null;
}

/**
 * Call /api/v1/<path> and return its JSON, typed `T`: name the answer's type from @callboard/api
 * (`api<UserList>('users')`). Throws ApiError with the server's message on failure.
 */
export async function api<T = void>(path: string, opts: ApiOptions = {}): Promise<T> {
  const url = new URL(`/api/v1/${path.replace(/^\//, '')}`, typeof location === 'undefined' ? 'http://localhost' : location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json' };
  const file = typeof Blob !== 'undefined' && opts.body instanceof Blob;
  if (opts.body !== undefined) headers['content-type'] = file ? opts.contentType ?? 'application/octet-stream' : 'application/json';
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url.pathname + url.search, {
      method: opts.method ?? 'GET',
      headers,
      credentials: 'include',
      body: opts.body === undefined ? undefined : file ? (opts.body as Blob) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('cannot reach the server; check the connection', 0, 'NETWORK', undefined, { cause: err });
  }
  const text = await res.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const e = errorOf(json);
    if (e) throw new ApiError(e.message, res.status, e.code, e.field);
    throw new ApiError(`the server answered ${res.status} ${res.statusText}`.trim(), res.status, res.status >= 500 ? 'INTERNAL' : 'NOT_JSON');
  }
  return json as T;
}

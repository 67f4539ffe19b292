/**
 * Binds `{name:Type}` placeholders into SQL as typed literals, for embedded chdb's streaming cursor: the
 * connection's `chdb.queryStream` takes no parameters (chdb-node's queryStreamBind is not exposed on it).
 * Every value is quoted and escaped here and cast to the placeholder's own type, so a value never becomes SQL.
 */

export class UnboundParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`query parameter ${parameter} has no value`);
    this.name = 'UnboundParameterError';
  }
}

function pad(n: number, w = 2) {
  return String(n).padStart(w, '0');
}

/** A JS value as a ClickHouse literal. */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`query parameter value ${v} is not a finite number`);
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) {
    return `'${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}.${pad(v.getUTCMilliseconds(), 3)}'`;
  }
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)\}/g;

export function bindParams(sql: string, params: Record<string, unknown>): string {
  return sql.replace(PLACEHOLDER, (_m, name: string, type: string) => {
    if (!(name in params)) throw new UnboundParameterError(name);
    const v = params[name];
    // :TRICKY: a Date bound to a DateTime64 is written in UTC; the placeholder types of our sources name 'UTC'.
    return `CAST(${literal(v)} AS ${type.trim()})`;
  });
}

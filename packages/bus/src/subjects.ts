/** NATS subject rules used by the embedded bus and both KV wrappers: wildcard matching (`*` one token, `>` the rest) and key checks. */
import { KvKeyError } from './errors.ts';

/** True when `subject` (no wildcards) matches `pattern`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** True when every subject matched by `inner` is also matched by `outer`. */
export function patternCovers(outer: string, inner: string): boolean {
  const o = outer.split('.');
  const n = inner.split('.');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '>') return n.length > i;
    if (i >= n.length || n[i] === '>') return false;
    if (o[i] !== '*' && (n[i] === '*' || o[i] !== n[i])) return false;
  }
  return o.length === n.length;
}

/** True when some subject matches both patterns (NATS refuses streams whose subjects overlap). */
export function patternsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === '>' || y[i] === '>') return i < x.length && i < y.length;
    if (i >= x.length || i >= y.length) return false;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return true;
}

/** True for a publishable subject: non-empty tokens, no wildcards, no spaces. */
export function isLiteralSubject(subject: string): boolean {
  return /^[^.*>\s]+(\.[^.*>\s]+)*$/.test(subject);
}

const validKey = /^[-/=.\w]+$/;

/** Throws KvKeyError for keys NATS KV rejects (the same regular expression nats.js uses). */
export function assertKvKey(key: string): void {
  if (key.startsWith('.') || key.endsWith('.') || !validKey.test(key)) throw new KvKeyError(key);
}

/**
 * Turns a failed request validation (zod issues, as fastify-type-provider-zod reports them) into one
 * sentence a person can act on: "from is required (YYYY-MM-DD or an ISO-8601 instant)", never zod's
 * own "Invalid input: expected string, received undefined".
 */
import { z } from 'zod';

/** One issue as the type provider hands it over: zod's fields sit in `params`. */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const NOUN: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object', date: 'a date' };

/** :NOTE: zod's default messages start like this; a schema's own message (a regex's, a refine's) is already human and kept. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized key|Expected )/;

/** The value at a dotted path of the raw request part (undefined when absent). */
function valueAt(input: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), input);
}

/** The `.describe()` text of the schema at a path, if any (object shapes and arrays only). */
function descriptionAt(schema: unknown, path: string[]): string | undefined {
  let s = schema instanceof z.ZodType ? schema : undefined;
  for (const k of path) {
    while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    if (s instanceof z.ZodObject) s = s.shape[k] as z.ZodType | undefined;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return undefined;
  }
  return s?.description;
}

function bound(p: Record<string, unknown>, min: boolean): string {
  const n = String(min ? p.minimum : p.maximum);
  const word = min ? (p.inclusive === false ? 'more than' : 'at least') : (p.inclusive === false ? 'less than' : 'at most');
  const s = n === '1' ? '' : 's';
  if (p.origin === 'string') return `must have ${word} ${n} character${s}`;
  if (p.origin === 'array' || p.origin === 'set') return `must have ${word} ${n} item${s}`;
  return `must be ${word} ${n}`;
}

/** What is wrong with one field, without its name. */
function problem(issue: ValidationIssue, value: unknown): string {
  const p = issue.params ?? {};
  const message = issue.message ?? '';
  if (message && !ZOD_DEFAULT.test(message)) return message;
  switch (issue.keyword) {
    case 'invalid_type': return value === undefined ? 'is required' : `must be ${NOUN[String(p.expected)] ?? String(p.expected)}`;
    case 'too_small': return bound(p, true);
    case 'too_big': return bound(p, false);
    case 'invalid_value': return `must be one of ${(p.values as unknown[] ?? []).map(String).join(', ')}`;
    case 'invalid_format': return p.format === 'regex' ? 'has the wrong format' : `must be a valid ${String(p.format).replace(/_/g, ' ')}`;
    case 'unrecognized_keys': return `has unknown fields: ${(p.keys as string[] ?? []).join(', ')}`;
    case 'not_multiple_of': return `must be a multiple of ${String(p.divisor)}`;
    default: return 'is not valid';
  }
}

/**
 * `context` is the request part that failed (body, querystring, params); `schema` its zod schema
 * (for descriptions) and `input` its raw value (to tell "missing" from "wrong").
 */
export function validationMessage(issues: ValidationIssue[], context: string | undefined, schema: unknown, input: unknown): { message: string; field?: string } {
  const part = context === 'querystring' ? 'query' : context ?? 'request';
  const sentences = issues.slice(0, 5).map((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean);
    const field = path.join('.') || part;
    const what = problem(issue, valueAt(input, path));
    const described = descriptionAt(schema, path);
    const hint = described && /^(is required|must be |has the wrong format)/.test(what) ? ` (${described})` : '';
    return { field: path.length ? field : undefined, text: !issue.message || ZOD_DEFAULT.test(issue.message) ? `${field} ${what}${hint}` : `${field}: ${what}` };
  });
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return { message: sentences.map((s) => s.text).join('; ') + more, field: sentences[0]?.field };
}

/** Caller keys: one request per caller per tenant, so numbers are normalised to E.164 (tenant default country) before they name a row. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { CallerKind } from './types.ts';

export interface NormalisedCaller {
  /** The request id and KV key suffix: e164-<digits> for numbers, h-<32 hex> for handles and numbers that did not parse. */
  key: string;
  /** What people see: E.164, the chat handle, or the raw text of an invalid number. */
  caller: string;
  kind: CallerKind;
}

/** Only digits and `( ) + - .` and spaces: the text of a phone number, as opposed to a chat handle. */
const NUMBER_TEXT = /^[\d\s()+\-.]+$/;

/**
 * Normalise a caller: a chat caller (or any text that is not a phone number) is kept as it is; a
 * number is parsed with the tenant's default country (`0612345678` in IT → +39612345678) and, when
 * libphonenumber finds it valid, keyed by its E.164 form; otherwise kept raw and flagged `invalid`.
 * :NOTE: an invalid number is keyed by its digits (hashed) so "06 1234" and "06-1234" still meet.
 */
export function normaliseCaller(raw: string, defaultCountry: string, channel: 'voice' | 'chat' = 'voice'): NormalisedCaller {
  const text = raw.trim();
  if (channel === 'chat' || !NUMBER_TEXT.test(text) || !/\d/.test(text)) return { key: handleKey(`handle:${text}`), caller: text, kind: 'handle' };
  const international = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(international, defaultCountry as CountryCode);
  if (parsed?.isValid()) return { key: `e164-${parsed.number.slice(1)}`, caller: parsed.number, kind: 'e164' };
  return { key: handleKey(`number:${text.replace(/\D/g, '')}`), caller: text, kind: 'invalid' };
}

/**
 * 128 bits of cyrb128 over the text, as 32 hex digits.
 * :NOTE: not node:crypto: this package also runs in the browser; a key needs spread, not secrecy.
 */
function handleKey(s: string): string {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return `h-${[h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('')}`;
}

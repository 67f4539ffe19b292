/** Plausible caller identities: E.164 numbers of the seed markets (Italy, Poland, Romania) and chat handles. */
import type { Rng } from './prng.ts';

type Country = 'IT' | 'PL' | 'RO';

/** Prefix (after +) and how many random digits follow it, so national lengths are right. */
const PLANS: Record<Country, { landline: readonly [string, number][]; mobile: readonly [string, number][]; mobileShare: number }> = {
  // Milan 02, Rome 06, Turin 011, Bologna 051, Florence 055, Naples 081; mobiles 3xx + 7 digits.
  IT: {
    landline: [['3902', 8], ['3906', 8], ['39011', 7], ['39051', 7], ['39055', 7], ['39081', 7]],
    mobile: [['39320', 7], ['39333', 7], ['39338', 7], ['39340', 7], ['39347', 7], ['39349', 7], ['39366', 7], ['39388', 7], ['39393', 7]],
    mobileShare: 0.6,
  },
  // Warsaw 22, Kraków 12, Poznań 61, Wrocław 71, Gdańsk 58; nine national digits.
  PL: {
    landline: [['4822', 7], ['4812', 7], ['4861', 7], ['4871', 7], ['4858', 7]],
    mobile: [['4850', 7], ['4851', 7], ['4860', 7], ['4866', 7], ['4869', 7], ['4872', 7], ['4879', 7], ['4888', 7]],
    mobileShare: 0.7,
  },
  // Bucharest 21, Cluj 264, Timișoara 256; mobiles 07xx.
  RO: {
    landline: [['4021', 7], ['40264', 6], ['40256', 6]],
    mobile: [['4072', 7], ['4073', 7], ['4074', 7], ['4075', 7], ['4076', 7], ['4077', 7]],
    mobileShare: 0.75,
  },
};

const HOME: Record<string, Country> = { 'Europe/Rome': 'IT', 'Europe/Warsaw': 'PL', 'Europe/Bucharest': 'RO' };
const COUNTRIES: readonly Country[] = ['IT', 'PL', 'RO'];

/** A caller factory: most callers come from the tenant's own country, the rest from the other two markets. */
export function createCallerFactory(rng: Rng, timezone: string): { phone(): string; chatHandle(): string } {
  const home = HOME[timezone];
  const country = (): Country => (home && rng.chance(0.85) ? home : rng.pick(COUNTRIES));
  return {
    phone() {
      const plan = PLANS[country()];
      const [prefix, digits] = rng.pick(rng.chance(plan.mobileShare) ? plan.mobile : plan.landline);
      let n = '+' + prefix;
      for (let i = 0; i < digits; i++) n += rng.int(i === 0 ? 1 : 0, 9);
      return n;
    },
    chatHandle() {
      let h = 'chat-';
      for (let i = 0; i < 8; i++) h += rng.int(0, 35).toString(36);
      return h;
    },
  };
}

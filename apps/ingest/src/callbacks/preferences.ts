/** Users' callback preferences, in the callbacks bucket under `<tenant>.pref.<userId>` (not a request key: the service's copy skips them). */
import type { CallbackPreferences } from '@callboard/api';
import type { Kv } from '../bus/types.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const prefKey = (tenant: string, userId: string) => `${tenant}.pref.${userId}`;
const DEFAULTS: CallbackPreferences = { emailOnMissed: false };

export class CallbackPreferenceStore {
  constructor(private readonly kv: Kv) {}

  async get(tenant: string, userId: string): Promise<CallbackPreferences> {
    const e = await this.kv.get(prefKey(tenant, userId));
    return e ? { ...DEFAULTS, ...(JSON.parse(dec.decode(e.value)) as Partial<CallbackPreferences>) } : { ...DEFAULTS };
  }

  async put(tenant: string, userId: string, prefs: CallbackPreferences): Promise<CallbackPreferences> {
    await this.kv.put(prefKey(tenant, userId), enc.encode(JSON.stringify(prefs)));
    return prefs;
  }

  /** Users of the tenant who chose an e-mail per new missed call. */
  async emailRecipients(tenant: string): Promise<string[]> {
    const out: string[] = [];
    for (const key of await this.kv.keys(`${tenant}.pref.`)) {
      const e = await this.kv.get(key);
      if (e && (JSON.parse(dec.decode(e.value)) as Partial<CallbackPreferences>).emailOnMissed) out.push(key.slice(`${tenant}.pref.`.length));
    }
    return out;
  }
}

/** Users' callback preferences, in the callbacks bucket under CallbackKeys.preference (`<tenant>.pref.<userId>`; the service's copy of requests skips them). */
import type { CallbackPreferences } from '@callboard/api';
import type { Kv } from '@callboard/bus';
import { CallbackKeys } from '@callboard/nats';

const enc = new TextEncoder();
const dec = new TextDecoder();
const DEFAULTS: CallbackPreferences = { emailOnMissed: false };

export class CallbackPreferenceStore {
  constructor(private readonly kv: Kv) {}

  async get(tenant: string, userId: string): Promise<CallbackPreferences> {
    const e = await this.kv.get(CallbackKeys.preference.key(tenant, userId));
    return e ? { ...DEFAULTS, ...(JSON.parse(dec.decode(e.value)) as Partial<CallbackPreferences>) } : { ...DEFAULTS };
  }

  async put(tenant: string, userId: string, prefs: CallbackPreferences): Promise<CallbackPreferences> {
    await this.kv.put(CallbackKeys.preference.key(tenant, userId), enc.encode(JSON.stringify(prefs)));
    return prefs;
  }

  /** Users of the tenant who chose an e-mail per new missed call. */
  async emailRecipients(tenant: string): Promise<string[]> {
    const out: string[] = [];
    for (const key of await this.kv.keys(CallbackKeys.preference.prefix(tenant))) {
      const e = await this.kv.get(key);
      const id = CallbackKeys.preference.parse(key)?.id;
      if (e && id && (JSON.parse(dec.decode(e.value)) as Partial<CallbackPreferences>).emailOnMissed) out.push(id);
    }
    return out;
  }
}

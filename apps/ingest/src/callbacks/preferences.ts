/** Users' callback preferences, in the callbacks bucket under CallbackKeys.preference (`<tenant>.pref.<userId>`; the service's copy of requests skips them). */
import { CallbackPreferences } from '@callboard/api';
import type { Kv } from '@callboard/bus';
import { CallbackKeys } from '@callboard/nats';
import { jsonCodec, KvCollection } from '../kv/kv-collection.ts';

const DEFAULTS: CallbackPreferences = { emailOnMissed: false };

export class CallbackPreferenceStore {
  private readonly prefs: KvCollection<CallbackPreferences, [string, string], [string]>;

  constructor(kv: Kv) {
    this.prefs = new KvCollection(kv, CallbackKeys.preference, jsonCodec(CallbackPreferences));
  }

  async get(tenant: string, userId: string): Promise<CallbackPreferences> {
    return (await this.prefs.at(tenant, userId).get())?.value ?? { ...DEFAULTS };
  }

  async put(tenant: string, userId: string, prefs: CallbackPreferences): Promise<CallbackPreferences> {
    await this.prefs.at(tenant, userId).put(prefs);
    return prefs;
  }

  /** Users of the tenant who chose an e-mail per new missed call. */
  async emailRecipients(tenant: string): Promise<string[]> {
    return (await this.prefs.list(tenant)).filter((s) => s.value.emailOnMissed).flatMap((s) => CallbackKeys.preference.parse(s.key)?.id ?? []);
  }
}

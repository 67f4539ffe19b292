/** A tenant's custom metrics in the wallboards KV bucket (`<tenant>.metric.<id>`), compiled with @callboard/metrics. */
import { Buckets } from '@callboard/nats';
import { compileCustomMetric, type CompiledMetric } from '@callboard/metrics';
import { CustomMetric } from '@callboard/widgets';
import type { EventBus, Kv } from '@callboard/bus';

const enc = new TextEncoder();
const dec = new TextDecoder();

export class CustomMetricStore {
  private constructor(private readonly kv: Kv) {}

  static async open(bus: EventBus): Promise<CustomMetricStore> {
    return new CustomMetricStore(await bus.kv(Buckets.wallboards));
  }

  async list(tenant: string): Promise<CustomMetric[]> {
    const out: CustomMetric[] = [];
    for (const key of await this.kv.keys(`${tenant}.metric.`)) {
      const e = await this.kv.get(key);
      if (e) out.push(CustomMetric.parse(JSON.parse(dec.decode(e.value))));
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Validate (throws InvalidMetricError / UnknownMetricError with a clear message) and store. */
  async put(tenant: string, metric: CustomMetric): Promise<CustomMetric> {
    compileCustomMetric(metric);
    await this.kv.put(`${tenant}.metric.${metric.id}`, enc.encode(JSON.stringify(metric)));
    return metric;
  }

  async remove(tenant: string, id: string): Promise<boolean> {
    const key = `${tenant}.metric.${id}`;
    if (!(await this.kv.get(key))) return false;
    await this.kv.delete(key);
    return true;
  }

  /** The tenant's custom metrics compiled, for resolving ids in history queries. */
  async compiled(tenant: string): Promise<Map<string, CompiledMetric>> {
    return new Map((await this.list(tenant)).map((m) => [m.id, compileCustomMetric(m)]));
  }
}

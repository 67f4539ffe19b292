/** A tenant's custom metrics in the wallboards KV bucket (WallboardKeys.metric), compiled with @callboard/metrics. */
import { Buckets, WallboardKeys } from '@callboard/nats';
import { compileCustomMetric, type CompiledMetric } from '@callboard/metrics';
import { CustomMetric } from '@callboard/widgets';
import type { EventBus } from '@callboard/bus';
import { jsonCodec, KvCollection } from '../kv/kv-collection.ts';

export class CustomMetricStore {
  private constructor(private readonly metrics: KvCollection<CustomMetric, [tenant: string, id: string], [tenant: string]>) {}

  static async open(bus: EventBus): Promise<CustomMetricStore> {
    return new CustomMetricStore(new KvCollection(await bus.kv(Buckets.wallboards), WallboardKeys.metric, jsonCodec(CustomMetric)));
  }

  async list(tenant: string): Promise<CustomMetric[]> {
    return (await this.metrics.list(tenant)).map((s) => s.value).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Validate (throws InvalidMetricError / UnknownMetricError with a clear message) and store. */
  async put(tenant: string, metric: CustomMetric): Promise<CustomMetric> {
    compileCustomMetric(metric);
    await this.metrics.at(tenant, metric.id).put(metric);
    return metric;
  }

  async remove(tenant: string, id: string): Promise<boolean> {
    const record = this.metrics.at(tenant, id);
    if (!(await record.get())) return false;
    await record.delete();
    return true;
  }

  /** The tenant's custom metrics compiled, for resolving ids in history queries. */
  async compiled(tenant: string): Promise<Map<string, CompiledMetric>> {
    return new Map((await this.metrics.list(tenant)).map((s) => [s.value.id, compileCustomMetric(s.value)]));
  }
}

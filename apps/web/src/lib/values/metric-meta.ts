// What the browser knows about each bindable metric: catalogue, the tenant's custom formulas, and live-only quantities.
import { parseFormula } from '$formula';
import { LIVE_METRICS, type CustomMetric, type Series } from '@callboard/widgets';
import type { CatalogueEntry } from '@callboard/api';

type FormulaNode = ReturnType<typeof parseFormula>;

/** A widget's series (@callboard/widgets) plus what the browser evaluates it with. */
export interface MetricMeta extends Series {
  /** Parsed formula of a custom metric, evaluated over catalogue values. */
  node?: FormulaNode;
}

export type { CatalogueEntry };

export type MetaMap = Map<string, MetricMeta>;

export function buildMeta(catalogue: (Pick<CatalogueEntry, 'id' | 'label' | 'unit' | 'higherIsBetter' | 'formula'> & { description?: string })[], customs: CustomMetric[]): MetaMap {
  const map: MetaMap = new Map();
  for (const m of catalogue) map.set(m.id, { id: m.id, label: m.label, unit: m.unit, higherIsBetter: m.higherIsBetter, source: 'catalogue', formula: m.formula, description: m.description });
  for (const m of LIVE_METRICS) map.set(m.id, { ...m, source: 'live' });
  for (const m of customs) {
    let node: FormulaNode | undefined;
    try { node = parseFormula(m.formula); } catch { node = undefined; }
    map.set(m.id, { id: m.id, label: m.label, unit: m.unit, higherIsBetter: m.higherIsBetter, source: 'custom', formula: m.formula, description: m.description, node });
  }
  return map;
}

/** Meta for an id the tenant no longer has (deleted custom metric): shown as unknown rather than failing. */
export function metaOf(meta: MetaMap, id: string): MetricMeta {
  return meta.get(id) ?? { id, label: id, unit: 'count', higherIsBetter: true, source: 'catalogue' };
}

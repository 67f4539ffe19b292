/**
 * Resolves catalogue and custom metrics into compiled formulas over components, and gives each its
 * live value (from component sums) and its ClickHouse SQL expression (over the facts tables).
 */
import { CATALOGUE, type MetricDefinition, type Unit } from './catalogue/index.ts';
import { AGG_SQL, COMPONENT_BY_ID, ROLLUP_SQL, type ComponentId, type SqlSettings } from './components.ts';
import { evaluate, FormulaError, parseFormula, references, toSql, type Node } from './formula.ts';

export type Source = 'calls' | 'agents';

export interface CompiledMetric {
  id: string;
  label: string;
  unit: Unit;
  higherIsBetter: boolean;
  description: string;
  formula: string;
  custom: boolean;
  /** The formula with metric references inlined: components only. */
  node: Node;
  /** Which facts table its SQL reads. */
  source: Source;
}

export class UnknownMetricError extends Error {
  readonly code = 'UNKNOWN_METRIC';
  constructor(readonly metric: string) {
    super(`unknown metric ${JSON.stringify(metric)}`);
    this.name = 'UnknownMetricError';
  }
}

export class InvalidMetricError extends Error {
  readonly code = 'INVALID_METRIC';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidMetricError';
  }
}

/** A custom metric as an analyst writes it: a formula over catalogue metric ids. */
export interface CustomMetricInput {
  id: string;
  label: string;
  unit: Unit;
  formula: string;
  higherIsBetter?: boolean;
  description?: string;
}

const CATALOGUE_BY_ID = new Map(CATALOGUE.map((m) => [m.id, m]));

function inline(node: Node, defs: (id: string) => MetricDefinition | undefined, stack: string[]): Node {
  switch (node.kind) {
    case 'num': return node;
    case 'neg': return { kind: 'neg', arg: inline(node.arg, defs, stack) };
    case 'bin': return { ...node, left: inline(node.left, defs, stack), right: inline(node.right, defs, stack) };
    case 'ref': {
      if (COMPONENT_BY_ID.has(node.name)) return node;
      const def = defs(node.name);
      if (!def) throw new UnknownMetricError(node.name);
      if (stack.includes(def.id)) throw new InvalidMetricError(`metric ${def.id} refers to itself (${[...stack, def.id].join(' → ')})`);
      return inline(parseFormula(def.formula), defs, [...stack, def.id]);
    }
  }
}

function sourceOf(node: Node, id: string): Source {
  const sources = new Set([...references(node)].map((r) => COMPONENT_BY_ID.get(r)!.source));
  if (sources.size > 1) {
    throw new InvalidMetricError(`metric ${id} mixes call metrics with agent-state metrics (such as occupancy); they come from different tables`);
  }
  return sources.values().next().value ?? 'calls';
}

function compile(def: MetricDefinition, custom: boolean, defs: (id: string) => MetricDefinition | undefined): CompiledMetric {
  const node = inline(parseFormula(def.formula), defs, [def.id]);
  return { ...def, custom, node, source: sourceOf(node, def.id) };
}

export const METRICS: readonly CompiledMetric[] = CATALOGUE.map((d) => compile(d, false, (id) => CATALOGUE_BY_ID.get(id)));
const METRIC_BY_ID = new Map(METRICS.map((m) => [m.id, m]));

const ID = /^[a-z][a-z0-9_]{0,47}$/;

/**
 * Validate and compile an analyst's custom metric. Its formula may use catalogue metric ids
 * only (not raw components), so it stays meaningful if a component is redefined.
 */
export function compileCustomMetric(input: CustomMetricInput): CompiledMetric {
  if (!ID.test(input.id)) throw new InvalidMetricError(`custom metric id ${JSON.stringify(input.id)} must be lowercase letters, digits and _`);
  if (METRIC_BY_ID.has(input.id)) throw new InvalidMetricError(`custom metric id ${input.id} is already a catalogue metric`);
  let node: Node;
  try {
    node = parseFormula(input.formula);
  } catch (err) {
    if (err instanceof FormulaError) throw new InvalidMetricError(`formula of ${input.id}: ${err.message}`, { cause: err });
    throw err;
  }
  for (const ref of references(node)) {
    if (!CATALOGUE_BY_ID.has(ref)) throw new InvalidMetricError(`formula of ${input.id}: unknown metric ${JSON.stringify(ref)}`);
  }
  const def: MetricDefinition = {
    id: input.id, label: input.label, unit: input.unit, formula: input.formula,
    higherIsBetter: input.higherIsBetter ?? true, description: input.description ?? input.formula,
  };
  return compile(def, true, (id) => CATALOGUE_BY_ID.get(id));
}

/** A catalogue metric by id; throws UnknownMetricError. */
export function metricById(id: string): CompiledMetric {
  const m = METRIC_BY_ID.get(id);
  if (!m) throw new UnknownMetricError(id);
  return m;
}

/** Live value from component totals (null when undefined, e.g. 0/0). */
export function liveValue(metric: CompiledMetric, components: (id: string) => number): number | null {
  return evaluate(metric.node, components);
}

/** ClickHouse expression over the metric's source table (call_facts or agent_states). */
export function metricSql(metric: CompiledMetric, settings: SqlSettings): string {
  return toSql(metric.node, (id) => {
    const c = COMPONENT_BY_ID.get(id)!;
    return c.source === 'agents' ? c.sql() : c.sql(settings);
  });
}

/** The metric over call_rollup_hourly, or null when a component needs per-call waits (thresholds). */
export function metricRollupSql(metric: CompiledMetric): string | null {
  if (metric.source !== 'calls') return null;
  let ok = true;
  const sql = toSql(metric.node, (id) => {
    const r = ROLLUP_SQL[id as ComponentId];
    if (r === undefined) ok = false;
    return r ?? '';
  });
  return ok ? sql : null;
}

/** The metric over call_waits_hourly (components.ts AGG_SQL), or null when a component cannot be read from it. */
export function metricAggSql(metric: CompiledMetric, settings: SqlSettings): string | null {
  if (metric.source !== 'calls') return null;
  let ok = true;
  const sql = toSql(metric.node, (id) => {
    const r = AGG_SQL[id as ComponentId];
    if (r === undefined) ok = false;
    return r ? r(settings) : '';
  });
  return ok ? sql : null;
}

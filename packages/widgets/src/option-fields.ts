/** Builder form descriptors for a kind's options (Grafana-style: path, name, description, control, showIf). */
export interface OptionField {
  /** Dotted path into widget.options, e.g. 'thresholds.amber'. */
  path: string;
  name: string;
  description?: string;
  control: 'number' | 'boolean' | 'text' | 'textarea' | 'select';
  choices?: { value: string; label: string }[];
  /** Empty input means null. */
  nullable?: boolean;
  showIf?: (options: Record<string, unknown>) => boolean;
}

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** A copy of obj with path set to value. */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const o = (obj ?? {}) as Record<string, unknown>;
  return { ...o, [head]: rest.length ? setPath(o[head], rest.join('.'), value) : value } as T;
}

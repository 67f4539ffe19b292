/**
 * Heap snapshots of the TV page through CDP, reduced to live objects counted per constructor, and the difference of
 * two: the constructors whose counts grow between warm-up and the end are where a drift lives.
 */
import type { CDPSession } from 'playwright-core';

/** Count and self size (bytes) per "type:name" (e.g. "object:Map", "closure:tick", "string"). */
export type HeapCounts = Map<string, { count: number; bytes: number }>;

export async function heapCounts(cdp: CDPSession): Promise<HeapCounts> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => { chunks.push(e.chunk); };
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  // takeHeapSnapshot collects garbage first: what it reports is live.
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out: HeapCounts = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]];
    // Strings, numbers and code are named by their content: count them by type only.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type}:${snap.strings[snap.nodes[i + iName]]}` : type;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += snap.nodes[i + iSize];
    out.set(key, e);
  }
  return out;
}

/** The n constructors that grew most in bytes from `a` to `b`. */
export function heapGrowth(a: HeapCounts, b: HeapCounts, n = 15) {
  return [...b].map(([key, v]) => {
    const was = a.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: v.count - was.count, kB: +((v.bytes - was.bytes) / 1024).toFixed(1) };
  }).sort((x, y) => y.kB - x.kB).slice(0, n);
}

/**
 * Frame time as the main-thread work each frame took to produce, from a Chromium trace (CDP Tracing, the
 * devtools.timeline categories the Performance panel records).
 *
 * A requestAnimationFrame interval at 60 Hz vsync is never under 16.7 ms, whatever the page does, so it cannot say
 * whether a frame took 3 ms or 15 ms to make. Here each frame of the page's renderer is delimited by its rendering
 * update (the main-thread task holding Chromium's `AnimationFrame::Render`: rAF callbacks, style, layout, paint,
 * commit); a frame's work is the summed duration of every top-level main-thread task (`RunTask`) since the previous
 * frame's rendering task, up to and including its own — the WebSocket message handling and Svelte's DOM updates
 * that run between two frames, then the rendering of the result. That is what must fit in 16.7 ms for the frame to
 * be on time; idle time waiting for vsync is not in it. Raster and compositing run on other threads (not counted).
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: Record<string, any> };

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

/** Where main-thread time went, ms (outermost of these events only, so nothing is counted twice). */
const KINDS: Record<string, string> = {
  FunctionCall: 'script', EvaluateScript: 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', V8Execute: 'script', 'v8.execute': 'script',
  MinorGC: 'gc', MajorGC: 'gc', 'V8.GC_SCAVENGER': 'gc', 'V8.GC_MC_BACKGROUND_MARKING': 'gc', BlinkGC: 'gc',
  UpdateLayoutTree: 'style', ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint', Paint: 'paint', Layerize: 'paint', UpdateLayer: 'paint', Commit: 'paint', PaintImage: 'paint',
  ParseHTML: 'parse',
};

export interface FrameWork {
  /** Main-thread work of each frame, ms of wall-clock time (what the screen waits for). */
  work: number[];
  /** The same in CPU time of the main thread, ms: without the time the OS gave the core to other processes. */
  cpu: number[];
  /** The rendering task alone of each frame (rAF callbacks, style, layout, paint, commit), ms. */
  render: number[];
  /** Per frame, ms by kind (script, gc, style, layout, paint, other). */
  kinds: Record<string, number>[];
  /** Traced time, ms. */
  spanMs: number;
}

/** Traces the page for `ms` and returns its frames' work. */
export async function traceFrames(cdp: CDPSession, ms: number): Promise<FrameWork> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: object[] }) => { for (const ev of e.value) events.push(ev as TraceEvent); };
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' } } as never);
  await new Promise((r) => setTimeout(r, ms));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  // BENCH_TRACE=file.json keeps the first window's trace, to open in DevTools' Performance panel.
  const keep = process.env.BENCH_TRACE;
  if (keep && !existsSync(keep)) writeFileSync(keep, JSON.stringify({ traceEvents: events }));
  return framesOf(events);
}

export function framesOf(events: TraceEvent[]): FrameWork {
  // The page's renderer main thread: the CrRendererMain with the most rendering updates (there is one page).
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const renders = (m: TraceEvent) => events.filter((e) => e.pid === m.pid && e.name === 'AnimationFrame::Render' && e.ph === 'b').length;
  const main = mains.sort((a, b) => renders(b) - renders(a))[0];
  if (!main) return { work: [], cpu: [], render: [], kinds: [], spanMs: 0 };
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const renderAt = events.filter((e) => e.pid === main.pid && e.name === 'AnimationFrame::Render' && e.ph === 'b').map((e) => e.ts).sort((a, b) => a - b);
  const tasks = onMain.filter((e) => e.name === 'RunTask');
  const work: number[] = [];
  const cpu: number[] = [];
  const render: number[] = [];
  const kinds: Record<string, number>[] = [];
  let r = 0;
  let sum = 0;
  let sumCpu = 0;
  let acc: Record<string, number> = {};
  let started = false;
  // Outermost classified events, per task.
  let j = 0;
  for (const t of tasks) {
    const end = t.ts + t.dur!;
    while (r < renderAt.length && renderAt[r] < t.ts) r++;
    const isRender = r < renderAt.length && renderAt[r] <= end;
    // The first frame's earlier tasks were before the trace began: start counting after the first rendering task.
    if (started) {
      sum += t.dur!;
      sumCpu += t.tdur ?? t.dur!;
      let inner = 0;
      let coveredTo = -Infinity;
      while (j < onMain.length && onMain[j].ts < t.ts) j++;
      for (let k = j; k < onMain.length && onMain[k].ts < end; k++) {
        const e = onMain[k];
        const kind = KINDS[e.name];
        if (!kind || e.ts < coveredTo) continue;
        acc[kind] = (acc[kind] ?? 0) + e.dur!;
        inner += e.dur!;
        coveredTo = e.ts + e.dur!;
      }
      acc.other = (acc.other ?? 0) + Math.max(0, t.dur! - inner);
    }
    if (isRender) {
      if (started) {
        work.push(sum / 1000);
        cpu.push(sumCpu / 1000);
        render.push(t.dur! / 1000);
        kinds.push(Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, v / 1000])));
      }
      started = true;
      sum = 0;
      sumCpu = 0;
      acc = {};
      r++;
    }
  }
  const spanMs = tasks.length ? (tasks[tasks.length - 1].ts - tasks[0].ts) / 1000 : 0;
  return { work, cpu, render, kinds, spanMs };
}

/** p50/p95/p99/max of a list of ms. */
export function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? +s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2) : null);
  return { count: s.length, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), maxMs: s.length ? +s[s.length - 1].toFixed(2) : null };
}

/**
 * Frame time as the main-thread work each frame took to produce, from a Chromium trace (CDP Tracing, the
 * devtools.timeline categories the Performance panel records).
 *
 * A requestAnimationFrame interval at 60 Hz vsync is never under 16.7 ms, whatever the page does, so it cannot say
 * whether a frame took 3 ms or 15 ms to make. Here the frames are Chromium's own (its `AnimationFrame` trace events,
 * the Long Animation Frames data recorded for every frame, not only those over 50 ms): a frame runs from the first
 * task after the previous rendering update that made a new one needed (a WebSocket message and Svelte's DOM updates,
 * a timer, a CSS transition's next step) to the end of its own rendering update (rAF callbacks, style, layout,
 * paint, commit). A frame's time is the main thread's busy time inside it (top-level tasks, `RunTask`, clipped to
 * the frame): what must fit in 16.7 ms for the frame to be on time; idle time waiting for vsync is not in it.
 * Raster and compositing run on other threads (not counted). Only frames the page itself needs are counted: the
 * bench's rAF loop is paused while tracing (it would add an idle frame at every vsync and dilute the percentiles).
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
  /** The rendering task alone of each frame (rAF callbacks, style, layout, paint, commit), ms, clipped to the frame. */
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
  const mine = (e: TraceEvent) => e.pid === main.pid && e.tid === main.tid;
  const onMain = events.filter((e) => mine(e) && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = onMain.filter((e) => e.name === 'RunTask');
  // Chromium's own frames (the Long Animation Frames data, kept for every frame): from the first task after the
  // previous rendering update that needed a new one, to the end of this frame's rendering. One at a time per thread.
  const marks = events.filter((e) => mine(e) && e.name === 'AnimationFrame' && (e.ph === 'b' || e.ph === 'e')).sort((a, b) => a.ts - b.ts);
  const renderAt = events.filter((e) => mine(e) && e.name === 'AnimationFrame::Render' && e.ph === 'b').map((e) => e.ts).sort((a, b) => a - b);
  const work: number[] = [];
  const cpu: number[] = [];
  const render: number[] = [];
  const kinds: Record<string, number>[] = [];
  let i = 0;
  let k = 0;
  let r = 0;
  for (let m = 0; m + 1 < marks.length; m++) {
    if (marks[m].ph !== 'b' || marks[m + 1].ph !== 'e') continue;
    const from = marks[m].ts;
    const to = marks[m + 1].ts;
    while (r < renderAt.length && renderAt[r] < from) r++;
    if (!(r < renderAt.length && renderAt[r] <= to)) continue; // a frame with no rendering update: nothing presented
    // The main thread's busy time inside the frame, clipped to it (idle time waiting for vsync is not counted).
    while (i < tasks.length && tasks[i].ts + tasks[i].dur! < from) i++;
    let wall = 0;
    let used = 0;
    let renderTask = 0;
    for (let j = i; j < tasks.length && tasks[j].ts < to; j++) {
      const t = tasks[j];
      const part = Math.min(to, t.ts + t.dur!) - Math.max(from, t.ts);
      if (part <= 0) continue;
      wall += part;
      used += (t.tdur ?? t.dur!) * (part / t.dur! || 0);
      if (t.ts <= renderAt[r] && renderAt[r] <= t.ts + t.dur!) renderTask = part;
    }
    // Where it went: the outermost classified events in the frame, clipped to it; "other" is the rest of the tasks.
    const acc: Record<string, number> = {};
    let inner = 0;
    let coveredTo = -Infinity;
    while (k < onMain.length && onMain[k].ts + onMain[k].dur! < from) k++;
    for (let j = k; j < onMain.length && onMain[j].ts < to; j++) {
      const e = onMain[j];
      const kind = KINDS[e.name];
      if (!kind || e.ts < coveredTo) continue;
      const part = Math.min(to, e.ts + e.dur!) - Math.max(from, e.ts);
      if (part <= 0) continue;
      acc[kind] = (acc[kind] ?? 0) + part / 1000;
      inner += part;
      coveredTo = e.ts + e.dur!;
    }
    acc.other = Math.max(0, wall - inner) / 1000;
    work.push(wall / 1000);
    cpu.push(used / 1000);
    render.push(renderTask / 1000);
    kinds.push(acc);
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

/** Measures what a person across the room sees of each widget on a TV page: rendered type sizes, overflow, cut text. */
import type { Page } from 'playwright-core';

export interface WidgetReport {
  id: string;
  kind: string;
  /** Smallest rendered font size (px) of any visible text, and that text. */
  minFont: number;
  minText: string;
  /** Elements whose content overflows them (scroll size > client size), described. */
  overflows: string[];
  /** Text outside its widget's box (e.g. SVG text past the edge). */
  outside: string[];
  /** Ellipsised (cut) text: what it shows and its title (the full text, if any). */
  ellipsised: { text: string; title: string | null }[];
}

/**
 * Runs in the page. :NOTE: SVG text inside a viewBox reports its font size in user units; the rendered size is that
 * times the screen scale (getScreenCTM), which is what the eye sees, so that is what is measured.
 */
export function measureWidgets(page: Page): Promise<WidgetReport[]> {
  return page.evaluate(() => {
    const reports: WidgetReport[] = [];
    for (const frame of document.querySelectorAll<HTMLElement>('[data-widget]')) {
      const box = frame.getBoundingClientRect();
      const r: WidgetReport = { id: frame.dataset.widget ?? '', kind: frame.dataset.kind ?? '', minFont: Infinity, minText: '', overflows: [], outside: [], ellipsised: [] };
      const walker = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim() ?? '';
        const el = n.parentElement;
        if (!text || !el) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const rect = range.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (rect.width === 0 || rect.height === 0 || cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
        let size = parseFloat(cs.fontSize);
        if (el instanceof SVGGraphicsElement) {
          const m = el.getScreenCTM();
          if (m) size *= Math.hypot(m.a, m.b);
        }
        if (size < r.minFont) { r.minFont = Math.round(size * 10) / 10; r.minText = text; }
        const cut = cs.textOverflow === 'ellipsis';
        if (!cut && (rect.left < box.left - 1 || rect.right > box.right + 1 || rect.top < box.top - 1 || rect.bottom > box.bottom + 1)) {
          r.outside.push(`${text} [${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}×${Math.round(rect.height)}]`);
        }
      }
      for (const el of [frame, ...frame.querySelectorAll<HTMLElement>('*')]) {
        if (el instanceof SVGElement || el.clientWidth === 0) continue;
        const cs = getComputedStyle(el);
        const over = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        if (!over) continue;
        if (cs.textOverflow === 'ellipsis' && el.scrollHeight <= el.clientHeight + 1) {
          r.ellipsised.push({ text: el.textContent?.trim() ?? '', title: el.getAttribute('title') });
        } else {
          r.overflows.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
        }
      }
      reports.push(r);
    }
    return reports;
  });
}

/** A number as a person reads it: digits with separators, a unit sign, a duration. Numbers must never be cut. */
export const looksNumeric = (s: string) => /^[-+]?[\d.,:\s]+(%|s|m|h|k)?$/.test(s.trim());

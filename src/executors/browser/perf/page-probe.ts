// What runs inside the page: the web-vitals library plus a long-task observer, collected on window.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PageMeasurement {
  lcp?: number;
  fcp?: number;
  ttfb?: number;
  inp?: number;
  cls?: number;
  tbt: number;
  load?: number;
  transferSize: number;
  requests: number;
}

let script: string | undefined;

/**
 * An init script for every page: web-vitals' IIFE build (the library Chrome's own field data follows)
 * with `reportAllChanges`, so the latest value is there to read without waiting for the page to be hidden.
 */
export function vitalsInitScript(): string {
  if (script) return script;
  const require = createRequire(import.meta.url);
  const lib = readFileSync(path.join(path.dirname(require.resolve('web-vitals')), 'web-vitals.iife.js'), 'utf8');
  script = `${lib}
;(() => {
  const store = (window.__aitestVitals = { longTasks: [] });
  const keep = (name) => (m) => { store[name] = m.value; };
  const opts = { reportAllChanges: true };
  webVitals.onLCP(keep('lcp'), opts);
  webVitals.onFCP(keep('fcp'), opts);
  webVitals.onTTFB(keep('ttfb'), opts);
  webVitals.onCLS(keep('cls'), opts);
  // Every interaction counts: web-vitals skips those under 40 ms by default, leaving a fast page without INP.
  webVitals.onINP(keep('inp'), { reportAllChanges: true, durationThreshold: 0 });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) store.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  // web-vitals reports INP (and final LCP/CLS) when the page is hidden, as a user leaving it would.
  window.__aitestHide = () => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  window.__aitestShow = () => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  window.__aitestRead = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    // TBT as Lighthouse defines it: the part of each long task beyond 50 ms, from first contentful paint on.
    const fcp = store.fcp ?? 0;
    const tbt = store.longTasks.filter(([start]) => start >= fcp).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
    return {
      lcp: store.lcp, fcp: store.fcp, ttfb: store.ttfb, inp: store.inp, cls: store.cls, tbt,
      load: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : undefined,
      transferSize: (nav ? nav.transferSize : 0) + resources.reduce((s, r) => s + (r.transferSize || 0), 0),
      requests: 1 + resources.length,
    };
  };
})();`;
  return script;
}

/** Evaluated in the page: what the probe collected plus navigation and resource timing (a PageMeasurement). */
export const READ_MEASUREMENT = 'window.__aitestRead()';
/** Evaluated in the page before reading: it is "hidden", so web-vitals reports its final values. */
export const HIDE_PAGE = 'window.__aitestHide()';
/** Evaluated after reading, when steps go on in the same page. */
export const SHOW_PAGE = 'window.__aitestShow()';

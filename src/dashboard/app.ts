// The live dashboard (ink): header with counts, progress and ETA; progress per test type; running tests;
// failures as they happen; a load panel with RPS and p95 sparklines; the latest judge verdicts; a test list
// to browse (↑/↓ or j/k, enter for details, f for failures only, / to filter) and a help line.
import { Box, Text, useInput } from 'ink';
import { createElement as h, useRef, useState, type ReactElement } from 'react';
import { terminalLine as line } from '../util/terminal-safe.js';
import { bar, details, secs, testLine } from './parts.js';
import { arrayList, pageOf, type ListPage, type ListQuery } from './list-page.js';
import { failingChecks, type DashboardState, type FinishedTest } from './state.js';

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], width = 30): string {
  const v = values.slice(-width);
  if (v.length === 0) return '';
  const max = Math.max(...v) || 1;
  return v.map((x) => BARS[Math.min(BARS.length - 1, Math.round((x / max) * (BARS.length - 1)))]).join('');
}

export interface AppProps {
  state: DashboardState;
  now: number;
  /** Columns available (for the bars). */
  width: number;
  /** Rows available: the test list gets what the panels leave (default 24, a classic terminal). */
  height?: number;
  /** q: stop the run (as Ctrl-C), or leave the dashboard once it is over. */
  onQuit(): void;
  /** r once the run is over: run its failed tests again (absent: the dashboard leaves with the run). */
  onRerun?(): void;
  /** enter on a test: its details may have to be fetched first (see FinishedTest.partial). */
  onOpen?(t: FinishedTest): void;
  /** The dashboard leaves when the run ends (not `--ui`): its last frame needs no key help. */
  leaves?: boolean;
  /** The list's rows for a query, when the finished tests are kept elsewhere (the dashboard's thread); default: state.finished. */
  page?(q: ListQuery): ListPage;
}

export function App({ state: s, now, width, height = 24, onQuit, onRerun, onOpen, leaves, page }: AppProps): ReactElement {
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState(false);
  const [failuresOnly, setFailuresOnly] = useState(false);
  const [filter, setFilter] = useState<string | undefined>(undefined);
  const [typing, setTypingState] = useState(false);
  // Read by the key handler, which ink subscribes anew only after a render: keys that arrive before it
  // (`/` and a filter typed or pasted in one go, enter then esc) must see what the keys before them did.
  const typingNow = useRef(false);
  const setTyping = (on: boolean): void => {
    typingNow.current = on;
    setTypingState(on);
  };
  const openNow = useRef(false);
  const setOpenNow = (on: boolean): void => {
    openNow.current = on;
    setOpen(on);
  };
  const canRerun = s.ended && onRerun !== undefined && s.counts.failed + s.counts.errors > 0;
  // A window of the list around the selection, in the rows the panels leave (at least 3, at most 8).
  const runningShown = Math.min(4, s.running.size);
  const used = 3 + (runningShown ? runningShown + 1 : 0) + (s.failures.length ? s.failures.length + 1 : 0)
    + (s.load ? 1 + (s.load.thresholds.length ? 1 : 0) : 0) + (s.verdicts.length ? Math.min(3, s.verdicts.length) + 1 : 0)
    + s.logs.length + 2 + (open ? 12 : 0);
  const query: ListQuery = { selected, rows: Math.max(3, Math.min(8, height - used)), failuresOnly, filter: filter || undefined };
  const list = page ? page(query) : pageOf(arrayList(s.finished), query);
  // From the selection, not list.at: a page from the run's side may still answer the previous query.
  const at = Math.min(selected, Math.max(0, list.length - 1));
  const current = list.rows[at - list.from];

  useInput((input, key) => {
    if (typingNow.current) {
      // Typing a filter: enter keeps it, esc clears it. Updates are functional: keys typed (or pasted)
      // faster than a render must all land.
      if (key.return || key.escape) {
        setTyping(false);
        if (key.escape) setFilter(undefined);
        else setFilter((f) => (f ? f : undefined));
      } else if (key.backspace || key.delete) setFilter((f) => (f ?? '').slice(0, -1));
      else if (input && !key.ctrl && !key.meta) setFilter((f) => (f ?? '') + input);
      return;
    }
    // In raw mode Ctrl-C arrives as a key, not a signal: it stops the run too.
    if (input === 'q' || (key.ctrl && input === 'c')) onQuit();
    else if (key.upArrow || input === 'k') setSelected(Math.max(0, at - 1));
    else if (key.downArrow || input === 'j') setSelected(Math.min(list.length - 1, at + 1));
    else if (key.return) {
      if (!openNow.current && current) onOpen?.(current);
      setOpenNow(!openNow.current);
    }
    else if (key.escape) setOpenNow(false);
    else if (input === 'f') setFailuresOnly((on) => !on);
    else if (input === 'r' && canRerun) onRerun?.();
    else if (input === '/') {
      setFilter('');
      setTyping(true);
    }
  });

  const elapsed = now - s.startedAt;
  const eta = s.done > 0 && s.done < s.total ? ` · ETA ${secs((elapsed / s.done) * (s.total - s.done))}` : '';
  const barWidth = Math.max(10, Math.min(40, width - 50));
  const header = h(Box, { key: 'header', flexDirection: 'column' },
    h(Text, { bold: true, wrap: 'truncate' }, `aitest · ${line(s.plans.join(', '))}${s.baseUrl ? ` · ${line(s.baseUrl)}` : ''} · ${secs(elapsed)}${s.ended ? ` · ${s.status}` : ''}`),
    h(Text, { wrap: 'truncate' },
      h(Text, { color: 'green' }, `✓ ${s.counts.passed} `), h(Text, { color: 'red' }, `✗ ${s.counts.failed + s.counts.errors} `),
      h(Text, { color: 'yellow' }, `~ ${s.counts.flaky} `), h(Text, { color: 'gray' }, `- ${s.counts.skipped}  `),
      `${bar(s.done, s.total, barWidth)} ${s.done}/${s.total}${eta}`),
    h(Text, { dimColor: true, wrap: 'truncate' }, [...s.byType].map(([type, p]) => `${type} ${bar(p.done, p.total, 8)} ${p.done}/${p.total}`).join('  ')),
  );
  const running = [...s.running.values()].slice(0, 4).map((r) => h(Text, { key: r.key, wrap: 'truncate' },
    h(Text, { color: 'cyan' }, '▸ '), `${line(r.name)}${r.project ? ` [${line(r.project)}]` : ''} `, h(Text, { dimColor: true }, `${r.type} ${secs(now - r.startedAt)}${r.step ? ` · ${line(r.step)}` : ''}`)));
  const load = s.load ? h(Box, { key: 'load', flexDirection: 'column' },
    h(Text, { wrap: 'truncate' },
      h(Text, { bold: true }, 'load '), `${line(s.load.name)}  rps ${sparkline(s.load.rps, 20)} ${Math.round(s.load.rps.at(-1) ?? 0)}  p95 ${sparkline(s.load.p95, 20)} ${(s.load.p95.at(-1) ?? 0).toFixed(1)}ms  errors ${s.load.errors}  vus ${s.load.vus}`),
    ...(s.load.thresholds.length ? [h(Text, { key: 'th', wrap: 'truncate' }, 'thresholds ', ...s.load.thresholds.map((t, i) => h(Text, { key: i, color: t.ok ? 'green' : 'red' }, `${t.ok ? '✓' : '✗'} ${line(t.name)}  `)))] : []),
  ) : undefined;
  const failures = s.failures.length ? h(Box, { key: 'failures', flexDirection: 'column' },
    h(Text, { bold: true, color: 'red' }, `failures (${s.counts.failed + s.counts.errors})`),
    ...s.failures.map((t) => {
      const check = failingChecks(t)[0];
      const why = check ? `${check.name}: expected ${JSON.stringify(check.expected) ?? '-'}, got ${JSON.stringify(check.actual) ?? '-'}` : t.error ?? t.status;
      return h(Text, { key: t.key, wrap: 'truncate' }, h(Text, { color: 'red' }, '✗ '), `${line(t.name)}  `, h(Text, { dimColor: true }, line(`${why}${t.artifacts[0] ? `  ${t.artifacts[0]}` : ''}`)));
    })) : undefined;
  const judge = s.verdicts.length ? h(Box, { key: 'judge', flexDirection: 'column' },
    h(Text, { bold: true }, `judge${s.judgeTokens ? ` · ${s.judgeTokens} tokens` : ''}${s.judgeCost ? ` · $${s.judgeCost.toFixed(4)}` : ''}`),
    ...s.verdicts.slice(-3).map((v, i) => h(Text, { key: i, wrap: 'truncate' },
      h(Text, { color: v.skipped !== undefined ? 'gray' : v.ok ? 'green' : 'red' }, v.skipped !== undefined ? '– skipped' : `${v.ok ? '✓' : '✗'} ${v.score?.toFixed(2) ?? ''}`),
      line(` ${v.test}${v.reasoning ? ` — ${v.reasoning}` : v.skipped ? ` — ${v.skipped}` : ''}`)))) : undefined;
  // A page from the run's side may have been cut for other room (the panels above just grew): no more rows than fit.
  const shown = list.rows.slice(0, query.rows).map((t, i) => testLine(t, list.from + i === at));
  const help = filter !== undefined && typing
    ? `filter: ${filter}▏ (enter to keep, esc to clear)`
    : `↑↓/jk select · enter details · f ${failuresOnly ? 'all tests' : 'failures only'} · / filter${filter ? ` "${filter}"` : ''}${canRerun ? ' · r rerun failed' : ''} · q ${s.ended ? 'quit' : 'stop the run'}`;
  return h(Box, { flexDirection: 'column' },
    header,
    ...(running.length ? [h(Box, { key: 'running', flexDirection: 'column', marginTop: 1 }, ...running)] : []),
    ...(failures ? [failures] : []),
    ...(load ? [load] : []),
    ...(judge ? [judge] : []),
    ...s.logs.map((l, i) => h(Text, { key: `log${i}`, color: 'yellow', wrap: 'truncate' }, `warning: ${l}`)),
    h(Box, { key: 'list', flexDirection: 'column', marginTop: 1 }, ...shown),
    ...(open && current ? [h(Box, { key: 'details' }, details(current))] : []),
    ...(s.ended && leaves ? [] : [h(Text, { key: 'help', dimColor: true, wrap: 'truncate' }, help)]),
  );
}

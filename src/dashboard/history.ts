// The stored runs → a run's tests → a test's details, browsed on a terminal: `aitest show`, and `run --ui`
// once the run is over (opened at that run, with r to run its failed tests again). The store is read
// through a HistorySource, so this stays free of SQLite.
import { Box, Text, useApp, useInput } from 'ink';
import { createElement as h, useRef, useState, type ReactElement } from 'react';
import { keyAction } from './keys.js';
import { details, MARK, secs, testLine } from './parts.js';
import { isFailing } from '../events/counts.js';
import type { FinishedTest } from './state.js';

export interface HistoryRun {
  id: string;
  startedAt: number;
  plans: string;
  branch?: string;
  /** passed, failed, interrupted, or running (never ended: the process was killed). */
  status: string;
  counts: { total: number; passed: number; failed: number; flaky: number; skipped: number };
  durationMs?: number;
}

export interface HistorySource {
  /** Newest first. */
  runs(): HistoryRun[];
  tests(runId: string): FinishedTest[];
}

export interface HistoryProps {
  source: HistorySource;
  /** Rows available for a list (the terminal's height less the header and help lines). */
  rows: number;
  /** The run to open first (`run --ui`'s own). */
  openRun?: string;
  /** r on the run opened first, when it has failures: run them again (the browser then leaves). */
  onRerun?(): void;
}

type View = { at: 'runs' } | { at: 'tests'; run: HistoryRun } | { at: 'test'; run: HistoryRun; test: FinishedTest };

const date = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);

function runLine(r: HistoryRun, selected: boolean): ReactElement {
  const [mark, color] = MARK[r.status] ?? ['?', 'white'];
  const c = r.counts;
  return h(Text, { key: r.id, inverse: selected, wrap: 'truncate' },
    h(Text, { color }, mark), ` ${date(r.startedAt)}  ${r.plans}${r.branch ? ` (${r.branch})` : ''}  `,
    h(Text, { color: 'green' }, `✓${c.passed} `), h(Text, { color: c.failed ? 'red' : undefined, dimColor: !c.failed }, `✗${c.failed} `),
    h(Text, { dimColor: true }, `~${c.flaky} -${c.skipped}  ${r.durationMs === undefined ? '' : secs(r.durationMs)}  ${r.id}`));
}

/** The rows of `items` to show so that `at` stays in view. */
function windowOf<T>(items: T[], at: number, rows: number): { from: number; shown: T[] } {
  const from = Math.max(0, Math.min(at - Math.floor(rows / 2), items.length - rows));
  return { from, shown: items.slice(from, from + rows) };
}

export function History({ source, rows, openRun, onRerun }: HistoryProps): ReactElement {
  const { exit } = useApp();
  const [runs] = useState(() => source.runs());
  const [view, setView] = useState<View>(() => {
    const first = openRun === undefined ? undefined : runs.find((r) => r.id === openRun);
    return first ? { at: 'tests', run: first } : { at: 'runs' };
  });
  const [tests, setTests] = useState<FinishedTest[]>(() => (view.at === 'tests' ? source.tests(view.run.id) : []));
  // Cursors live in refs as well: keys typed (or pasted) faster than a render must each see the last move.
  const [runAt, setRunAtState] = useState(0);
  const [testAt, setTestAtState] = useState(0);
  const runRef = useRef(0);
  const testRef = useRef(0);
  const setRunAt = (i: number): void => {
    runRef.current = i;
    setRunAtState(i);
  };
  const setTestAt = (i: number): void => {
    testRef.current = i;
    setTestAtState(i);
  };
  const [failuresOnly, setFailuresOnly] = useState(false);
  const [filter, setFilter] = useState<string | undefined>(undefined);
  const [typing, setTyping] = useState(false);
  const list = tests.filter((t) => (!failuresOnly || isFailing(t.status)) && (!filter || t.name.toLowerCase().includes(filter.toLowerCase())));
  const clampTest = (i: number): number => Math.min(i, Math.max(0, list.length - 1));
  const testIndex = clampTest(testAt);
  const canRerun = (run: HistoryRun): boolean => onRerun !== undefined && run.id === openRun && run.counts.failed > 0;

  useInput((input, key) => {
    if (typing) {
      if (key.return || key.escape) {
        setTyping(false);
        if (key.escape) setFilter(undefined);
      } else if (key.backspace || key.delete) setFilter((f) => (f ?? '').slice(0, -1));
      else if (input && !key.ctrl && !key.meta) setFilter((f) => (f ?? '') + input);
      return;
    }
    const action = keyAction(input, key);
    if (action === 'quit') return exit();
    if (view.at === 'runs') {
      const at = runRef.current;
      if (action === 'up') setRunAt(Math.max(0, at - 1));
      else if (action === 'down') setRunAt(Math.min(runs.length - 1, at + 1));
      else if (action === 'open' && runs[at]) {
        setTests(source.tests(runs[at].id));
        setTestAt(0);
        setView({ at: 'tests', run: runs[at] });
      }
    } else if (view.at === 'tests') {
      const at = clampTest(testRef.current);
      if (action === 'up') setTestAt(Math.max(0, at - 1));
      else if (action === 'down') setTestAt(Math.min(list.length - 1, at + 1));
      else if (action === 'open' && list[at]) setView({ at: 'test', run: view.run, test: list[at] });
      else if (action === 'failures') setFailuresOnly((f) => !f);
      else if (action === 'filter') {
        setFilter('');
        setTyping(true);
      } else if (action === 'rerun' && canRerun(view.run)) {
        onRerun!();
        exit();
      } else if (action === 'back') setView({ at: 'runs' });
    } else if (action === 'back' || action === 'open') setView({ at: 'tests', run: view.run });
  });

  if (view.at === 'runs') {
    const { from, shown } = windowOf(runs, runAt, rows);
    return h(Box, { flexDirection: 'column' },
      h(Text, { bold: true }, `aitest · ${runs.length} stored run${runs.length === 1 ? '' : 's'}`),
      ...(runs.length ? shown.map((r, i) => runLine(r, from + i === runAt)) : [h(Text, { key: 'none', dimColor: true }, 'No runs yet: `aitest run <plan>` stores one.')]),
      h(Text, { dimColor: true, wrap: 'truncate' }, '↑↓/jk select · enter open · q quit'),
    );
  }
  const run = view.run;
  const title = h(Text, { bold: true, wrap: 'truncate' }, `${run.plans} · ${date(run.startedAt)} · ${run.status} · ${run.id}`);
  if (view.at === 'test') {
    return h(Box, { flexDirection: 'column' }, title, details(view.test), h(Text, { dimColor: true }, 'esc/h back · q quit'));
  }
  const { from, shown } = windowOf(list, testIndex, rows);
  const help = typing
    ? `filter: ${filter ?? ''}▏ (enter to keep, esc to clear)`
    : `↑↓/jk select · enter details · f ${failuresOnly ? 'all tests' : 'failures only'} · / filter${filter ? ` "${filter}"` : ''}${canRerun(run) ? ' · r rerun failed' : ''} · esc/h runs · q quit`;
  return h(Box, { flexDirection: 'column' },
    title,
    ...(list.length ? shown.map((t, i) => testLine(t, from + i === testIndex)) : [h(Text, { key: 'none', dimColor: true }, failuresOnly || filter ? 'No test matches.' : 'This run stored no results.')]),
    h(Text, { dimColor: true, wrap: 'truncate' }, help),
  );
}

// `aitest history "TEST NAME"`: that test's recent final results, newest first, and its pass rate.
import { isFailing } from '../../events/counts.js';
import { AitestError } from '../../errors.js';
import { failureReason } from '../../reporters/failures.js';
import { createPalette, formatDuration, formatTimestamp, statusMark, statusStyle, type Colors } from '../../reporters/format.js';
import { toJsonTest } from '../../reporters/json-report.js';
import { fromRecord, type ReportedTest } from '../../reporters/reported-test.js';
import type { CliContext } from '../context.js';
import { withReadStore } from './read-store.js';

export interface HistoryOptions {
  name: string;
  json?: boolean;
  db: string;
  limit?: number;
  plan?: string;
}

interface PassRate {
  passed: number;
  /** Results that count: skipped ones say nothing about the test. */
  counted: number;
  flaky: number;
  rate: number | null;
}

/** Flaky counts as a pass (it passed), as the exit code treats it; it is reported alongside. */
function passRate(tests: { status: string }[]): PassRate {
  const counted = tests.filter((t) => t.status !== 'skipped');
  const passed = counted.filter((t) => t.status === 'passed' || t.status === 'flaky').length;
  const flaky = counted.filter((t) => t.status === 'flaky').length;
  return { passed, counted: counted.length, flaky, rate: counted.length ? passed / counted.length : null };
}

export async function historyCommand(opts: HistoryOptions, cli: CliContext): Promise<number> {
  return withReadStore(opts.db, cli, (store) => {
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 20;
    const tests = store.history(opts.name, { plan: opts.plan, limit }).map(fromRecord);
    if (!tests.length) {
      const where = opts.plan ? ` in plan "${opts.plan}"` : '';
      throw new AitestError('NOT_FOUND', `No results for a test named "${opts.name}"${where} in ${opts.db}.`, {
        hint: 'Names match exactly, as in the plan; `aitest show last` lists the newest run.',
      });
    }
    const rate = passRate(tests);
    if (opts.json) {
      const results = tests.map((t) => ({ runId: t.runId, ...toJsonTest(t) }));
      cli.stdout.write(`${JSON.stringify({ name: opts.name, plan: opts.plan, passRate: rate, results }, null, 2)}\n`);
    } else {
      cli.stdout.write(`${renderHistory(opts.name, tests, rate, createPalette(cli.colors)).join('\n')}\n`);
    }
  });
}

function renderHistory(name: string, tests: ReportedTest[], rate: PassRate, c: Colors): string[] {
  const lines = [`${c.bold(name)}  ${c.dim(`last ${tests.length} result${tests.length === 1 ? '' : 's'}, newest first`)}`, ''];
  const idWidth = Math.max(...tests.map((t) => (t.runId ?? '').length));
  const labelWidth = Math.max(...tests.map((t) => statusStyle(t.status).label.length));
  for (const t of tests) {
    const label = statusStyle(t.status).label;
    const status = `${statusMark(t.status, c)} ${statusStyle(t.status).paint(c)(label)}${' '.repeat(labelWidth - label.length)}`;
    const cols = [
      c.dim(formatTimestamp(t.startedAt)),
      (t.runId ?? '').padEnd(idWidth),
      status,
      formatDuration(t.durationMs).padStart(7),
    ];
    if (t.project) cols.push(c.cyan(`[${t.project}]`));
    if (isFailing(t.status)) cols.push(c.dim(failureReason(t, 100)));
    else if (t.status === 'flaky') cols.push(c.dim(`passed on attempt ${t.attempts}`));
    lines.push(`  ${cols.join('  ')}`);
  }
  lines.push('');
  if (rate.rate === null) {
    lines.push(`  pass rate ${c.dim('n/a (every result was skipped)')}`);
  } else {
    const pct = Math.round(rate.rate * 1000) / 10;
    const paint = rate.rate === 1 ? c.green : rate.rate >= 0.8 ? c.yellow : c.red;
    const flaky = rate.flaky ? `, ${rate.flaky} of them flaky` : '';
    lines.push(`  pass rate ${paint(`${pct}%`)}  ${c.dim(`(${rate.passed} of ${rate.counted} passed${flaky}; skipped not counted)`)}`);
  }
  return lines;
}

// The lines of the live view's area, from the state: counts, progress and ETA, progress per type, running
// tests with their step, the latest failures with expected and actual, the load panel, the judge's verdicts
// and cost, warnings, and the key help. Pure: tested without a terminal.
import { createPalette, formatDuration } from '../reporters/format.js';
import { terminalLine as line } from '../util/terminal-safe.js';
import { failingChecks, type DashboardState } from './state.js';

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], width = 20): string {
  const v = values.slice(-width);
  const max = Math.max(0, ...v) || 1;
  return v.map((x) => BARS[Math.min(BARS.length - 1, Math.round((x / max) * (BARS.length - 1)))]).join('');
}

export function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(Math.max(0, width - filled))}`;
}

// Where a name or a value from a plan or a server could fill the line, it is cut: the terminal clips the
// rest (the view draws with line wrap off), this only keeps a frame's size sane.
const cut = (s: string, max = 200): string => (s.length > max ? `${s.slice(0, max)}…` : s);
const json = (v: unknown): string => cut(line(JSON.stringify(v) ?? '-'), 60);

/** At most `rows` lines (the help line always last), for a terminal `columns` wide. */
export function liveFrame(s: DashboardState, now: number, columns: number, rows: number, colors: boolean): string[] {
  const c = createPalette(colors);
  const elapsed = now - s.startedAt;
  const eta = s.done > 0 && s.done < s.total ? ` · ETA ${formatDuration((elapsed / s.done) * (s.total - s.done))}` : '';
  const failed = s.counts.failed + s.counts.errors;
  const head = [
    c.bold(`aitest · ${cut(line(s.plans.join(', ')))}${s.baseUrl ? ` · ${cut(line(s.baseUrl))}` : ''} · ${formatDuration(elapsed)}${s.ended ? ` · ${s.status}` : ''}`),
    `${c.green(`✓ ${s.counts.passed}`)} ${c.red(`✗ ${failed}`)} ${c.yellow(`~ ${s.counts.flaky}`)} ${c.dim(`- ${s.counts.skipped}`)}  `
      + `${bar(s.done, s.total, Math.max(10, Math.min(40, columns - 50)))} ${s.done}/${s.total}${eta}`,
    c.dim([...s.byType].map(([type, p]) => `${type} ${bar(p.done, p.total, 8)} ${p.done}/${p.total}`).join('  ')),
  ];
  const running = [...s.running.values()].slice(0, 4).map((r) =>
    `${c.cyan('▸')} ${cut(line(r.name))}${r.project ? ` [${cut(line(r.project))}]` : ''} ${c.dim(`${r.type} ${formatDuration(now - r.startedAt)}${r.step ? ` · ${cut(line(r.step))}` : ''}`)}`);
  const failures = s.failures.map((t) => {
    const check = failingChecks(t)[0];
    const why = check ? `${cut(line(check.name))}: expected ${json(check.expected)}, got ${json(check.actual)}` : cut(line(t.error ?? t.status));
    return `${c.red('✗')} ${cut(line(t.name))}  ${c.dim(`${why}${t.artifacts[0] ? `  ${cut(line(t.artifacts[0]))}` : ''}`)}`;
  });
  const load = s.load ? [
    `${c.bold('load')} ${cut(line(s.load.name))}  rps ${sparkline(s.load.rps)} ${Math.round(s.load.rps.at(-1) ?? 0)}  p95 ${sparkline(s.load.p95)} ${(s.load.p95.at(-1) ?? 0).toFixed(1)}ms  errors ${s.load.errors}  vus ${s.load.vus}`,
    ...(s.load.thresholds.length ? [`thresholds ${s.load.thresholds.map((t) => (t.ok ? c.green(`✓ ${cut(line(t.name))}`) : c.red(`✗ ${cut(line(t.name))}`))).join('  ')}`] : []),
  ] : [];
  const judge = s.verdicts.length ? [
    c.bold(`judge${s.judgeTokens ? ` · ${s.judgeTokens} tokens` : ''}${s.judgeCost ? ` · $${s.judgeCost.toFixed(4)}` : ''}`),
    ...s.verdicts.slice(-3).map((v) => {
      const mark = v.skipped !== undefined ? c.dim('– skipped') : v.ok ? c.green(`✓ ${v.score?.toFixed(2) ?? ''}`) : c.red(`✗ ${v.score?.toFixed(2) ?? ''}`);
      return `${mark} ${cut(line(v.test))}${v.reasoning ? ` — ${cut(line(v.reasoning))}` : v.skipped ? ` — ${cut(line(v.skipped))}` : ''}`;
    }),
  ] : [];
  const body = [
    ...head,
    ...running,
    ...(failures.length ? [c.red(c.bold(`failures (${failed})`)), ...failures] : []),
    ...load,
    ...judge,
    ...s.logs.map((l) => c.yellow(`warning: ${cut(line(l))}`)),
  ];
  // A short terminal keeps the top of the area: the counts and progress first.
  return [...body.slice(0, Math.max(0, rows - 1)), c.dim(s.ended ? 'the run is over' : 'q stop the run')];
}

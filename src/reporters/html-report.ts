// The HTML report: one self-contained file (no network: styles, script and images inline) with the run's
// summary and quality, filters (status, type, tag, text), and each test with its checks, error, judge
// verdicts, web vitals, accessibility counts, load charts (inline SVG) and artifacts (images embedded).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FAILING_STATUSES, isFailing, TEST_STATUSES } from '../events/counts.js';
import type { Metric } from '../events/types.js';
import type { QualityScore } from './assessment.js';
import { formatDuration } from './format.js';
import type { ReportedTest } from './reported-test.js';
import type { Counts } from './summary.js';
import { escapeXmlAttr } from './xml.js';

export interface HtmlReportInput {
  run: { id: string; plans: string[]; status: string; startedAt: number; durationMs: number; baseUrl?: string };
  counts: Counts;
  tests: ReportedTest[];
  /** Live metrics by test id (load ticks): the charts. */
  series: Map<string, Metric[]>;
  quality?: QualityScore;
  /** The plan's recent runs, oldest first (from the store), for trend lines in the header. */
  trend?: { passRate: number[]; durationMs: number[] };
  /** Where artifact paths are relative to. */
  cwd: string;
}

// Images bigger than this are linked, not embedded, to keep the file openable.
const MAX_EMBED = 2_000_000;

// The reports' XML escaping serves HTML as well: markup characters, quotes, and no terminal colour codes.
const esc = (s: unknown): string => escapeXmlAttr(String(s));
/** Escaped text with its http(s) URLs as links (an axe rule's help page), opened outside the report. */
const linkify = (text: string): string => esc(text).replace(/https?:\/\/[^\s)<&"]+/g, (u) => `<a href="${u}" rel="noreferrer">${u}</a>`);
const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 1));

/** A small line chart of `values` as inline SVG. */
function sparkline(values: number[], label: string, unit: string): string {
  if (values.length < 2) return '';
  const w = 320;
  const h = 60;
  const max = Math.max(...values) || 1;
  const pts = values.map((v, i) => `${((i / (values.length - 1)) * w).toFixed(1)},${(h - (v / max) * (h - 4) - 2).toFixed(1)}`).join(' ');
  return `<figure class="chart"><svg viewBox="0 0 ${w} ${h}" width="100%" height="${h}" role="img" aria-label="${esc(label)}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${pts}"/></svg><figcaption>${esc(label)}: max ${esc(Math.round(max * 100) / 100)} ${esc(unit)}</figcaption></figure>`;
}

function artifactHtml(a: { name: string; path: string; contentType: string }, cwd: string): string {
  const file = path.resolve(cwd, a.path);
  try {
    if (a.contentType.startsWith('image/')) {
      const data = readFileSync(file);
      if (data.length > MAX_EMBED) return `<p><a href="${esc(a.path)}">${esc(a.name)}</a> (${Math.round(data.length / 1024)} KB)</p>`;
      return `<figure class="shot"><img alt="${esc(a.name)}" src="data:${esc(a.contentType)};base64,${data.toString('base64')}"><figcaption>${esc(a.name)}</figcaption></figure>`;
    }
    if (a.contentType.startsWith('text/')) {
      const text = readFileSync(file, 'utf8');
      return `<details><summary>${esc(a.name)}</summary><pre>${esc(text.length > 20_000 ? `${text.slice(0, 20_000)}…` : text)}</pre></details>`;
    }
  } catch {
    // Gone since the run: named, not shown.
  }
  return `<p class="dim">${esc(a.name)}: ${esc(a.path)}</p>`;
}

function checksHtml(t: ReportedTest): string {
  // A check's message that only repeats the test's error is said once, above the table.
  if (t.checks.length === 0) return '';
  const rows = t.checks.map((c) => {
    const state = c.skipped !== undefined ? 'skipped' : c.ok ? 'ok' : 'fail';
    const mark = state === 'skipped' ? '–' : state === 'ok' ? '✓' : '✗';
    const judge = c.name === 'judge' && c.actual && typeof c.actual === 'object' ? c.actual as { score?: number; reasoning?: string; model?: string; cached?: boolean } : undefined;
    const detail = judge
      ? `score ${esc(judge.score)} (${esc(show(c.expected))}) · ${esc(judge.model ?? '')}${judge.cached ? ' · cached' : ''}<br><q>${esc(judge.reasoning ?? '')}</q>`
      : c.skipped !== undefined ? esc(c.skipped) : `<code>${esc(show(c.expected))}</code>${c.ok ? '' : ` → <code>${esc(show(c.actual))}</code>`}`;
    return `<tr class="${state}"><td>${mark}</td><td>${esc(c.step ? `${c.step} · ${c.name}` : c.name)}</td><td>${detail}${c.message && (!c.ok || c.name.startsWith('a11y ')) && !judge && c.message !== t.error ? `<div class="dim">${linkify(c.message)}</div>` : ''}</td></tr>`;
  });
  return `<table class="checks">${rows.join('')}</table>`;
}

function metricsHtml(t: ReportedTest, series: Metric[] | undefined): string {
  const parts: string[] = [];
  const vitals = t.metrics.filter((m) => m.name.startsWith('web_vitals_'));
  if (vitals.length) parts.push(`<p class="metrics">${vitals.map((m) => `${esc(m.name.slice('web_vitals_'.length).toUpperCase())} <b>${esc(Math.round(m.value * 100) / 100)}</b> ${esc(m.unit)}`).join(' · ')}</p>`);
  const a11y = t.metrics.filter((m) => m.name === 'a11y_violations');
  if (a11y.length) parts.push(`<p class="metrics">accessibility violations: ${a11y.map((m) => `${esc(m.labels?.impact ?? '')} <b>${esc(m.value)}</b>`).join(' · ')}</p>`);
  const p95 = t.metrics.find((m) => m.name === 'http_req_duration' && m.labels?.stat === 'p(95)' && !m.labels.step);
  const rps = t.metrics.find((m) => m.name === 'http_reqs' && m.unit === '/s' && !m.labels);
  if (p95 && rps) parts.push(`<p class="metrics">load: <b>${esc(Math.round(rps.value))}</b> req/s · p95 <b>${esc(Math.round(p95.value * 100) / 100)}</b> ms</p>`);
  if (series?.length) {
    const of = (name: string) => series.filter((m) => m.name === name).map((m) => m.value);
    parts.push(`<div class="charts">${sparkline(of('rps'), 'requests per second', '/s')}${sparkline(of('p95'), 'p95 latency per second', 'ms')}</div>`);
  }
  return parts.join('');
}

// A visual test's images, shown side by side: what the baseline expects, what the page shows, the difference.
const VISUAL = ['expected.png', 'actual.png', 'diff.png'];

function visualDiffHtml(t: ReportedTest, cwd: string): string {
  const shots = VISUAL.map((name) => t.artifacts.find((a) => a.name === name)).filter((a): a is ReportedTest['artifacts'][number] => a !== undefined);
  return shots.length === 0 ? '' : `<div class="diffs">${shots.map((a) => artifactHtml(a, cwd)).join('')}</div>`;
}

function testHtml(t: ReportedTest, input: HtmlReportInput): string {
  const text = `${t.name} ${t.type} ${t.tags.join(' ')} ${t.project ?? ''} ${t.error ?? ''}`.toLowerCase();
  const body = [
    t.error ? `<p class="error">${esc(t.error)}${t.errorHint ? `<br><span class="dim">${esc(t.errorHint)}</span>` : ''}</p>` : '',
    t.skipReason ? `<p class="dim">skipped: ${esc(t.skipReason)}</p>` : '',
    checksHtml(t),
    metricsHtml(t, input.series.get(t.id)),
    visualDiffHtml(t, input.cwd),
    ...t.artifacts.filter((a) => !VISUAL.includes(a.name)).map((a) => artifactHtml(a, input.cwd)),
  ].join('');
  const open = isFailing(t.status) ? ' open' : '';
  return `<details class="test s-${esc(t.status)}" data-status="${esc(t.status)}" data-type="${esc(t.type)}" data-tags="${esc(t.tags.join(' '))}" data-text="${esc(text)}"${open}>
<summary><span class="badge">${esc(t.status)}</span> ${esc(t.name)} <span class="dim">${esc(t.type)}${t.project ? ` · ${esc(t.project)}` : ''} · ${esc(formatDuration(t.durationMs))} · ${esc(t.file)}:${t.line}</span></summary>
<div class="body">${body || '<p class="dim">no checks recorded</p>'}</div></details>`;
}

const STYLE = `
:root { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; background: #fafafa; }
body { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.4rem; margin: 0 0 4px; }
.dim { color: #666; font-size: .9em; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.summary > span { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 4px 10px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; position: sticky; top: 0; background: #fafafa; padding: 8px 0; }
.filters input, .filters select { font: inherit; padding: 4px 8px; }
details.test { background: #fff; border: 1px solid #ddd; border-left: 4px solid #999; border-radius: 6px; margin: 6px 0; }
details.test > summary { padding: 8px 12px; cursor: pointer; overflow-wrap: anywhere; }
.s-passed { border-left-color: #2e7d32 !important; } .s-flaky { border-left-color: #f9a825 !important; }
.s-failed, .s-error, .s-timedOut { border-left-color: #c62828 !important; } .s-skipped { border-left-color: #9e9e9e !important; }
.badge { font-size: .8em; text-transform: uppercase; letter-spacing: .03em; }
.body { padding: 0 12px 12px; overflow-x: auto; }
.error { color: #b71c1c; white-space: pre-wrap; overflow-wrap: anywhere; }
table.checks { border-collapse: collapse; width: 100%; font-size: .92em; }
table.checks td { border-top: 1px solid #eee; padding: 4px 6px; vertical-align: top; overflow-wrap: anywhere; }
table.checks td:nth-child(2) { min-width: 9em; overflow-wrap: normal; }
tr.fail td:first-child { color: #c62828; } tr.ok td:first-child { color: #2e7d32; } tr.skipped { color: #777; }
code, pre { font: .88em ui-monospace, monospace; } pre { white-space: pre-wrap; background: #f4f4f4; padding: 8px; }
figure.shot img { max-width: min(100%, 720px); border: 1px solid #ddd; }
.diffs { display: flex; flex-wrap: wrap; gap: 12px; } .diffs figure.shot { flex: 1 1 240px; margin: 0; } .diffs img { max-width: 100%; }
.trend { display: inline-flex; gap: 12px; color: #1565c0; } .trend .chart { width: 160px; } figure { margin: 8px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; color: #1565c0; } .chart { flex: 1 1 280px; } figcaption { color: #555; font-size: .85em; }
@media (max-width: 600px) { body { padding: 8px; } .summary > span { font-size: .9em; } table.checks td:nth-child(2) { min-width: 6em; } }
`;

// Filters: status, type, tag and text; plain DOM, no library.
const SCRIPT = `
const q = (s) => document.querySelector(s);
function apply() {
  const status = q('#f-status').value, type = q('#f-type').value, tag = q('#f-tag').value, text = q('#f-text').value.toLowerCase();
  let shown = 0;
  for (const t of document.querySelectorAll('details.test')) {
    const ok = (!status || t.dataset.status === status || (status === 'failing' && ${JSON.stringify(FAILING_STATUSES)}.includes(t.dataset.status)))
      && (!type || t.dataset.type === type) && (!tag || t.dataset.tags.split(' ').includes(tag)) && (!text || t.dataset.text.includes(text));
    t.hidden = !ok;
    if (ok) shown++;
  }
  q('#shown').textContent = shown + ' shown';
}
for (const id of ['#f-status', '#f-type', '#f-tag', '#f-text']) q(id).addEventListener('input', apply);
apply();
`;

export function renderHtmlReport(input: HtmlReportInput): string {
  const { run, counts } = input;
  const types = [...new Set(input.tests.map((t) => t.type))].sort();
  const tags = [...new Set(input.tests.flatMap((t) => t.tags))].sort();
  const option = (v: string, label = v) => `<option value="${esc(v)}">${esc(label)}</option>`;
  const summary = [
    ['total', counts.total], ['passed', counts.passed], ['failed', counts.failed], ['flaky', counts.flaky], ['skipped', counts.skipped],
    ['timed out', counts.timedOut], ['errors', counts.errors],
  ].filter(([, n], i) => i === 0 || Number(n) > 0).map(([k, n]) => `<span>${esc(k)} <b>${esc(n)}</b></span>`).join('');
  const quality = input.quality && input.quality.criteria.length > 1
    ? `<span>quality <b>${Math.round(input.quality.score * 100)}/100</b> <span class="dim">${input.quality.criteria.map((c) => `${esc(c.name)} ${Math.round(c.score * 100)}`).join(' · ')}</span></span>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>aitest report · ${esc(run.plans.join(', '))}</title><style>${STYLE}</style></head>
<body>
<header><h1>${esc(run.plans.join(', '))} <span class="badge">${esc(run.status)}</span></h1>
<p class="dim">run ${esc(run.id)} · ${esc(new Date(run.startedAt).toISOString())} · ${esc(formatDuration(run.durationMs))}${run.baseUrl ? ` · ${esc(run.baseUrl)}` : ''}</p></header>
<section class="summary">${summary}${quality}</section>
${input.trend && input.trend.passRate.length > 1 ? `<section class="trend" aria-label="Trend">${sparkline(input.trend.passRate.map((x) => x * 100), 'pass rate over recent runs', '%')}${sparkline(input.trend.durationMs, 'run duration over recent runs', 'ms')}</section>` : ''}
<section class="filters" aria-label="Filters">
<select id="f-status" aria-label="Status">${option('', 'all statuses')}${option('failing')}${TEST_STATUSES.map((s) => option(s)).join('')}</select>
<select id="f-type" aria-label="Type">${option('', 'all types')}${types.map((t) => option(t)).join('')}</select>
<select id="f-tag" aria-label="Tag">${option('', 'all tags')}${tags.map((t) => option(t)).join('')}</select>
<input id="f-text" type="search" placeholder="Search tests" aria-label="Search tests"> <span id="shown" class="dim"></span>
</section>
<main>${input.tests.map((t) => testHtml(t, input)).join('\n')}</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

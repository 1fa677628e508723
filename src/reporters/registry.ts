// The reporters `--reporter name[:file]` can name, and turning that flag into a Reporter.
import { distance } from 'fastest-levenshtein';
import { AitestError } from '../errors.js';
import type { Reporter, ReporterContext, ReporterFactory } from './types.js';

// Each loaded when named: a run prints with one or two of them, and the HTML, JUnit and GitHub ones alone
// are a good part of the reporters' start-up.
export const reporters = {
  list: async () => (await import('./list.js')).createListReporter,
  dot: async () => (await import('./dot.js')).createDotReporter,
  json: async () => (await import('./json.js')).createJsonReporter,
  junit: async () => (await import('./junit.js')).createJunitReporter,
  github: async () => (await import('./github.js')).createGithubReporter,
  html: async () => (await import('./html.js')).createHtmlReporter,
  blob: async () => (await import('./blob.js')).createBlobReporter,
} satisfies Record<string, () => Promise<ReporterFactory>>;

type ReporterName = keyof typeof reporters;

/** `junit:out/results.xml` → { name: 'junit', file: 'out/results.xml' }. Only the first ':' splits, so `json:C:\r.json` works. */
export function parseReporterSpec(spec: string): { name: string; file?: string } {
  const at = spec.indexOf(':');
  if (at < 0) return { name: spec.trim() };
  const file = spec.slice(at + 1).trim();
  return file ? { name: spec.slice(0, at).trim(), file } : { name: spec.slice(0, at).trim() };
}

function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export async function createReporter(spec: string, ctx: ReporterContext): Promise<Reporter> {
  const { name, file } = parseReporterSpec(spec);
  if (!isReporterName(name)) {
    const names = Object.keys(reporters);
    const close = names.map((n) => ({ n, d: distance(n, name.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
    const guess = close && close.d <= Math.max(2, Math.floor(name.length / 2)) ? `Did you mean "${close.n}"? ` : '';
    throw new AitestError('USAGE', `Unknown reporter "${name}" in --reporter ${spec}.`, {
      hint: `${guess}Reporters: ${names.join(', ')} (json, junit and html take a file: --reporter html:report.html).`,
    });
  }
  return (await reporters[name]())(file === undefined ? {} : { file }, ctx);
}

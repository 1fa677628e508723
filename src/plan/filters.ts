// Choosing which compiled tests run: `only`, --grep/--grep-invert, --tag, --last-failed ids and --shard.
import { AitestError } from '../errors.js';
import { hashText } from './hash.js';
import type { TestCase } from './types.js';

export interface Shard {
  index: number; // 1-based
  total: number;
}

export interface TestFilters {
  grep?: string;
  grepInvert?: string;
  /** Keep tests with any of these tags (`smoke` or `@smoke`). */
  tags?: string[];
  shard?: Shard;
  /** Keep only tests of these projects: `chromium`, `iPhone 13` or `webkit / iPhone 13` (any case). */
  projects?: string[];
  /** Keep only these test ids (e.g. the ones that failed last time). */
  ids?: Set<string>;
  /** false: a test marked `only` is an error (CI), so a forgotten `only` can't silently skip the suite. */
  allowOnly?: boolean;
}

/**
 * The tests to run, in their original order. Like Playwright: when any test is marked `only`, just those
 * are candidates; the other filters then narrow them. The shard is a pure function of the test id, so a
 * test stays in its shard however the rest of the selection changes.
 */
export function filterTests(cases: TestCase[], f: TestFilters): TestCase[] {
  const focused = cases.filter((tc) => tc.only);
  if (focused.length > 0 && f.allowOnly === false) {
    const names = focused.slice(0, 5).map((tc) => `"${tc.name}" (${tc.file}:${tc.location.line})`);
    throw new AitestError('USAGE', `${focused.length} test${focused.length === 1 ? ' is' : 's are'} marked \`only\`: ${names.join(', ')}${focused.length > 5 ? ', …' : ''}.`, {
      hint: 'Remove `only` before committing, or pass --allow-only to run just those tests.',
    });
  }
  const grep = f.grep === undefined ? undefined : toRegExp(f.grep, '--grep');
  const grepInvert = f.grepInvert === undefined ? undefined : toRegExp(f.grepInvert, '--grep-invert');
  const tags = f.tags?.length ? new Set(f.tags.map(normalizeTag)) : undefined;
  if (f.shard) checkShard(f.shard);
  const projects = f.projects?.length ? f.projects.map((p) => p.trim().toLowerCase()) : undefined;

  return (focused.length > 0 ? focused : cases).filter((tc) => {
    if (f.ids && !f.ids.has(tc.id)) return false;
    if (tags && !tc.tags.some((t) => tags.has(normalizeTag(t)))) return false;
    if (projects && !inProjects(tc, projects)) return false;
    if (grep || grepInvert) {
      const title = grepTitle(tc);
      if (grep && !grep.test(title)) return false;
      if (grepInvert && grepInvert.test(title)) return false;
    }
    return !f.shard || shardOf(tc.id, f.shard.total) === f.shard.index;
  });
}

/** A test without a project (api tests, or a plan naming no browsers) is in none. */
function inProjects(tc: TestCase, wanted: string[]): boolean {
  if (!tc.project) return false;
  const { browser, device } = tc.project;
  const names = [browser, device, device === undefined ? undefined : `${browser} / ${device}`].filter((n): n is string => n !== undefined).map((n) => n.toLowerCase());
  return wanted.some((w) => names.includes(w));
}

/** The 1-based shard of a test id among `total` shards. */
export function shardOf(id: string, total: number): number {
  return (hashText(id) % total) + 1;
}

/** `"2/3"` → `{ index: 2, total: 3 }`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new AitestError('USAGE', `--shard must look like 1/3; got "${text}".`, { hint: 'Use --shard i/n with 1 <= i <= n, e.g. --shard 2/3.' });
  const shard = { index: Number(m[1]), total: Number(m[2]) };
  checkShard(shard);
  return shard;
}

function checkShard(s: Shard): void {
  if (!Number.isInteger(s.total) || s.total < 1 || !Number.isInteger(s.index) || s.index < 1 || s.index > s.total) {
    throw new AitestError('USAGE', `--shard ${s.index}/${s.total} is out of range.`, { hint: 'Use --shard i/n with 1 <= i <= n, e.g. --shard 2/3.' });
  }
}

// What --grep matches: the test name and its tags as `@tag`, so `--grep @smoke` works as in Playwright.
function grepTitle(tc: TestCase): string {
  return tc.tags.length === 0 ? tc.name : `${tc.name} ${tc.tags.map((t) => `@${normalizeTag(t)}`).join(' ')}`;
}

function normalizeTag(tag: string): string {
  return tag.startsWith('@') ? tag.slice(1) : tag;
}

// As in Playwright: case-insensitive, or `/re/flags` to choose. Never `g`: it makes test() stateful.
function toRegExp(source: string, flag: string): RegExp {
  try {
    const literal = /^\/(.*)\/([imsu]*)$/.exec(source);
    return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(source, 'i');
  } catch {
    throw new AitestError('USAGE', `${flag} "${source}" is not a valid regular expression.`, { hint: 'Escape special characters such as ( [ * + ? with a backslash.' });
  }
}

// Choosing tests: only, grep, tags, last-failed ids and deterministic shards.
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { filterTests, parseShard, shardOf } from '../../../src/plan/filters.js';
import { stableId } from '../../../src/plan/hash.js';
import type { TestCase } from '../../../src/plan/types.js';

function testCase(name: string, extra: Partial<TestCase> = {}): TestCase {
  return {
    id: stableId('plan.yaml', name), plan: 'P', file: 'plan.yaml', name, type: 'api',
    location: { file: 'plan.yaml', line: 1, column: 1 }, spec: { name, type: 'api', request: { url: '/' } },
    timeoutMs: 30_000, retries: 0, tags: [], headers: {}, vars: {}, ...extra,
  };
}
const names = (cases: TestCase[]) => cases.map((c) => c.name);

describe('grep and tags', () => {
  const cases = [testCase('login works', { tags: ['smoke'] }), testCase('Logout works'), testCase('search', { tags: ['@slow'] })];

  it('matches the name case-insensitively, or as /re/flags', () => {
    expect(names(filterTests(cases, { grep: 'log' }))).toEqual(['login works', 'Logout works']);
    expect(names(filterTests(cases, { grep: '/^Log/' }))).toEqual(['Logout works']);
    expect(names(filterTests(cases, { grepInvert: 'works' }))).toEqual(['search']);
    expect(names(filterTests(cases, { grep: '@smoke' }))).toEqual(['login works']);
  });

  it('keeps tests with any of the tags, with or without @', () => {
    expect(names(filterTests(cases, { tags: ['smoke'] }))).toEqual(['login works']);
    expect(names(filterTests(cases, { tags: ['@smoke', 'slow'] }))).toEqual(['login works', 'search']);
  });

  it('refuses a bad regular expression as a usage error', () => {
    expect(() => filterTests(cases, { grep: '(' })).toThrow('--grep "(" is not a valid regular expression.');
  });

  it('keeps only the given ids', () => {
    expect(names(filterTests(cases, { ids: new Set([cases[2]!.id]) }))).toEqual(['search']);
    expect(filterTests(cases, { ids: new Set() })).toEqual([]);
  });
});

describe('only', () => {
  const cases = [testCase('a'), testCase('b', { only: true }), testCase('c', { only: true, tags: ['x'] })];

  it('runs just the focused tests, then applies the other filters', () => {
    expect(names(filterTests(cases, {}))).toEqual(['b', 'c']);
    expect(names(filterTests(cases, { tags: ['x'] }))).toEqual(['c']);
  });

  it('is an error when only is not allowed (CI)', () => {
    try {
      filterTests(cases, { allowOnly: false });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AitestError);
      expect((e as AitestError).code).toBe('USAGE');
      expect((e as AitestError).message).toMatch(/^2 tests are marked `only`: "b" \(plan.yaml:1\)/);
    }
    expect(names(filterTests([testCase('a')], { allowOnly: false }))).toEqual(['a']);
  });
});

describe('shards', () => {
  const many = Array.from({ length: 500 }, (_, i) => testCase(`test ${i}`));

  it('put every test in exactly one shard, and shards cover all tests', () => {
    for (const total of [1, 2, 3, 7]) {
      const parts = Array.from({ length: total }, (_, i) => filterTests(many, { shard: { index: i + 1, total } }));
      const ids = parts.flat().map((c) => c.id);
      expect(ids).toHaveLength(many.length);
      expect(new Set(ids).size).toBe(many.length);
      // Hashing spreads tests: no shard is empty or holds most of the work.
      for (const p of parts) expect(p.length).toBeGreaterThan(many.length / total / 2);
    }
  });

  it('keep a test in its shard when other tests come and go', () => {
    const before = new Map(many.map((c) => [c.id, shardOf(c.id, 3)]));
    const fewer = many.filter((_, i) => i % 3 === 0);
    for (let index = 1; index <= 3; index++) {
      for (const c of filterTests(fewer, { shard: { index, total: 3 } })) expect(before.get(c.id)).toBe(index);
    }
  });

  it('parse i/n and refuse anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '3', '1/2/3', '-1/2']) {
      expect(() => parseShard(bad), bad).toThrow(AitestError);
    }
  });
});

describe('--project', () => {
  const cases = [
    testCase('desk', { project: { browser: 'chromium', device: 'Desktop Chrome' } }),
    testCase('phone', { project: { browser: 'webkit', device: 'iPhone 13' } }),
    testCase('plain chromium', { project: { browser: 'chromium' } }),
    testCase('api'),
  ];
  it('matches a browser, a device or the full label, in any case; tests without a project are in none', () => {
    expect(names(filterTests(cases, { projects: ['chromium'] }))).toEqual(['desk', 'plain chromium']);
    expect(names(filterTests(cases, { projects: ['iphone 13'] }))).toEqual(['phone']);
    expect(names(filterTests(cases, { projects: ['WebKit / iPhone 13', 'Desktop Chrome'] }))).toEqual(['desk', 'phone']);
    expect(names(filterTests(cases, { projects: ['firefox'] }))).toEqual([]);
  });
});

// Big plans kept parsed and validated between runs: used for the same text only, never instead of an error.
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { loadPlan } from '../../../src/plan/load.js';
import { MIN_CACHED_BYTES, openPlanCache } from '../../../src/plan/plan-cache.js';
import { tempDir } from './temp-plan.js';

const tmp = tempDir();

/** A generated plan of `n` one-request tests, one flow mapping per line, as big plans usually are. */
function bigPlan(n: number, header = 'baseUrl: http://127.0.0.1:1'): string {
  const lines = ['name: big', header, 'tests:'];
  for (let i = 0; i < n; i++) lines.push(`  - { name: "get item ${i}", type: api, request: { url: /api/items/${i} }, expect: { status: 200 } }`);
  return `${lines.join('\n')}\n`;
}
const N = 1200;
let dirs = 0;
const cacheDir = (): string => path.join(tmp.dir, `cache-${dirs++}`);
const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

describe('plan cache', () => {
  it('keeps a big plan after it validates, and gives back the same plan and locations', async () => {
    const text = bigPlan(N);
    expect(text.length).toBeGreaterThan(MIN_CACHED_BYTES);
    const file = tmp.write('big.yaml', text);
    const dir = cacheDir();
    const first = await loadPlan(file, tmp.dir, { cache: openPlanCache(dir) });
    expect(entries(dir)).toHaveLength(1);
    const again = await loadPlan(file, tmp.dir, { cache: openPlanCache(dir) });
    expect(again).toEqual(first);
    expect(again.testLocations[N - 1]).toEqual({ line: N + 3, column: 5 });
    expect(again.spec.tests[7]).toEqual({ name: 'get item 7', type: 'api', request: { url: '/api/items/7' }, expect: { status: 200 } });
  });

  it('answers from the cache for the same text, and parses again when one character changes', async () => {
    const text = bigPlan(N);
    const file = tmp.write('known.yaml', text);
    const cache = openPlanCache(cacheDir());
    // An entry written by hand under this text: loadPlan returning it shows the parser did not run.
    cache.set(text, { spec: { name: 'from the cache', tests: [] }, testLocations: [] });
    expect((await loadPlan(file, tmp.dir, { cache })).spec.name).toBe('from the cache');
    tmp.write('known.yaml', text.replace('get item 5"', 'get item 5!"'));
    const changed = await loadPlan(file, tmp.dir, { cache });
    expect(changed.spec.name).toBe('big');
    expect(changed.spec.tests[5]!.name).toBe('get item 5!');
  });

  it('never stands in for an error: an invalid plan fails with its location and is not kept', async () => {
    const text = bigPlan(N).replace('expect: { status: 200 } }\n  - { name: "get item 9"', 'expect: { stauts: 200 } }\n  - { name: "get item 9"');
    const file = tmp.write('broken.yaml', text);
    const dir = cacheDir();
    const cache = openPlanCache(dir);
    for (let i = 0; i < 2; i++) {
      const e = await loadPlan(file, tmp.dir, { cache }).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(AitestError);
      expect((e as AitestError).issues?.[0]).toMatchObject({ path: 'tests[8].expect.stauts', location: { line: 12 }, hint: 'did you mean `status`?' });
    }
    expect(entries(dir)).toEqual([]);
  });

  it('leaves small plans, plans with values JSON cannot carry, and TypeScript plans alone', async () => {
    const dir = cacheDir();
    const cache = openPlanCache(dir);
    await loadPlan(tmp.write('small.yaml', bigPlan(3)), tmp.dir, { cache });
    // JSON would bring .inf back as null.
    const inf = await loadPlan(tmp.write('inf.yaml', bigPlan(N).replace('status: 200 } }', 'status: 200, json: { n: .inf } } }')), tmp.dir, { cache });
    expect(inf.spec.tests[0]).toMatchObject({ expect: { json: { n: Infinity } } });
    const ts = `export default ${JSON.stringify({ name: 'ts', tests: Array.from({ length: N }, (_, i) => ({ name: `t ${i}`, type: 'api', request: { url: `/items/${i}` } })) })};\n`;
    expect(ts.length).toBeGreaterThan(MIN_CACHED_BYTES);
    await loadPlan(tmp.write('plan.ts', ts), tmp.dir, { cache });
    expect(entries(dir)).toEqual([]);
  });

  it('with deferred writes, keeps a plan only when told to (a run does once its tests are done)', async () => {
    const dir = cacheDir();
    const cache = openPlanCache(dir, { deferWrites: true });
    const file = tmp.write('later.yaml', bigPlan(N));
    await loadPlan(file, tmp.dir, { cache });
    expect(entries(dir)).toEqual([]);
    cache.writePending();
    expect(entries(dir)).toHaveLength(1);
    cache.writePending();
    expect(entries(dir)).toHaveLength(1);
  });

  it('treats an unreadable entry as a miss', async () => {
    const text = bigPlan(N);
    const file = tmp.write('torn.yaml', text);
    const dir = cacheDir();
    await loadPlan(file, tmp.dir, { cache: openPlanCache(dir) });
    const [entry] = entries(dir);
    writeFileSync(path.join(dir, entry!), '{"spec": {"name": "trunc');
    const plan = await loadPlan(file, tmp.dir, { cache: openPlanCache(dir) });
    expect(plan.spec.tests).toHaveLength(N);
  });

  it('keeps at most 16 entries, dropping the oldest', () => {
    const dir = cacheDir();
    const cache = openPlanCache(dir);
    const base = bigPlan(N);
    const put = (i: number): void => {
      const before = new Set(entries(dir));
      cache.set(`# ${i}\n${base}`, { spec: { name: `p${i}`, tests: [] }, testLocations: [] });
      // File times are coarser than this loop: date each entry a second after the one before.
      const added = entries(dir).find((f) => !before.has(f))!;
      const at = new Date(Date.now() - (100 - i) * 1000);
      utimesSync(path.join(dir, added), at, at);
    };
    for (let i = 0; i < 20; i++) put(i);
    expect(entries(dir)).toHaveLength(16);
    for (let i = 0; i < 4; i++) expect(cache.get(`# ${i}\n${base}`)).toBeUndefined();
    for (let i = 4; i < 20; i++) expect(cache.get(`# ${i}\n${base}`)?.spec.name).toBe(`p${i}`);
  });
});

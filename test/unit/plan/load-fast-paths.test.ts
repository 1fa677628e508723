// What the fast load path must not change: test ids, the checks on generated plans, odd test types.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/compile.js';
import { stableId } from '../../../src/plan/hash.js';
import { loadPlan } from '../../../src/plan/load.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { issueAt, issuesOf, tempDir } from './temp-plan.js';

const tmp = tempDir();

describe('fast load path', () => {
  it('keeps test ids the sha1 prefix they always were, so stored results still match', () => {
    const sha1 = createHash('sha1').update('plans/a.yaml\0get item 42').digest('hex').slice(0, 16);
    expect(stableId('plans/a.yaml', 'get item 42')).toBe(sha1);
  });

  it('checks a generated plan (fast YAML path) as fully as any other', async () => {
    const line = (i: number, request: string) => `  - { name: "item ${i}", type: api, request: { ${request} }, expect: { status: 200 } }`;
    const lines = ['name: gen', 'tests:', line(0, 'url: /a'), line(1, 'url: /b, methd: GET'), line(2, 'url: "/c/${{ vars.id }}"'), line(0, 'url: /d')];
    const file = tmp.write('gen.yaml', lines.join('\n'));
    const issues = await issuesOf(file, tmp.dir);
    const column = lines[3]!.indexOf('methd') + 1;
    expect(issueAt(issues, 'tests[1].request.methd')).toMatchObject({ hint: 'did you mean `method`?', location: { line: 4, column } });
    expect(issueAt(issues, 'tests[2].request.url').message).toContain('there is no variable `id`');
    expect(issueAt(issues, 'tests[3].name').message).toBe('duplicate test name "item 0" (also tests[0])');
  });

  it('locates and compiles the tests of a generated plan', async () => {
    const file = tmp.write('ok.yaml', 'name: ok\n\ntests:\n  - { name: a, type: api, request: { url: /a } }\n  -   { name: b, type: api, timeout: 5s, request: { url: /b } }\n');
    const plan = await loadPlan(file, tmp.dir);
    expect(plan.testLocations).toEqual([{ line: 4, column: 5 }, { line: 5, column: 7 }]);
    expect(compilePlan(plan).map((c) => [c.name, c.timeoutMs, c.location.line])).toEqual([['a', 30_000, 4], ['b', 5000, 5]]);
  });

  it('finds no test type on Object.prototype', async () => {
    const issues = await validatePlan({ name: 'p', tests: [{ name: 'a', type: 'constructor' }] }, () => undefined);
    expect(issues.map((i) => [i.path, i.message])).toEqual([['tests[0].type', expect.stringContaining('unknown test type `constructor`')]]);
  });
});

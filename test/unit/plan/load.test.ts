// Finding and loading plan files: paths, globs, missing files, JSON plans.
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { loadPlan, resolvePlanFiles } from '../../../src/plan/load.js';
import { issueAt, issuesOf, loadError, tempDir } from './temp-plan.js';

const tmp = tempDir();
const minimal = (name: string) => `name: ${name}\ntests:\n  - { name: a, type: api, request: { url: / } }\n`;

describe('resolvePlanFiles', () => {
  tmp.write('plans/b.yaml', minimal('B'));
  tmp.write('plans/a.yml', minimal('A'));
  tmp.write('plans/notes.txt', 'not a plan');
  tmp.write('plans/node_modules/x.yaml', minimal('X'));
  tmp.write('root.yaml', minimal('Root'));

  it('keeps plain paths, expands globs sorted, and drops duplicates', async () => {
    expect(await resolvePlanFiles(['root.yaml', 'plans/*.{yaml,yml}', 'plans/b.yaml'], tmp.dir)).toEqual(['root.yaml', 'plans/a.yml', 'plans/b.yaml']);
    expect(await resolvePlanFiles(['**/*.yaml'], tmp.dir)).toEqual(['plans/b.yaml', 'root.yaml']);
  });

  it('fails with PLAN_NOT_FOUND and a hint when a pattern matches nothing', async () => {
    for (const pattern of ['missing.yaml', 'plans/*.json', 'plans']) {
      const e = await resolvePlanFiles([pattern], tmp.dir).then(() => undefined, (err: unknown) => err);
      expect(e, pattern).toBeInstanceOf(AitestError);
      expect((e as AitestError).code).toBe('PLAN_NOT_FOUND');
      expect((e as AitestError).hint).toBeTruthy();
    }
    const e = (await resolvePlanFiles(['aitest.yaml'], tmp.dir).catch((err: unknown) => err)) as AitestError;
    expect(e.hint).toMatch(/aitest init/);
  });
});

describe('loadPlan', () => {
  it('fails with PLAN_NOT_FOUND for a missing file and PLAN_INVALID for an unknown extension', async () => {
    const missing = await loadError('nope.yaml', tmp.dir);
    expect(missing.code).toBe('PLAN_NOT_FOUND');
    expect(missing.message).toBe('Plan file not found: nope.yaml');
    expect(missing.hint).toMatch(/relative to the current directory/);
    expect((await loadError('plans/notes.txt', tmp.dir)).code).toBe('PLAN_INVALID');
  });

  it('returns the file relative to cwd with forward slashes', async () => {
    const plan = await loadPlan(`${tmp.dir}/plans/b.yaml`, tmp.dir);
    expect(plan.file).toBe('plans/b.yaml');
    expect(plan.spec.name).toBe('B');
  });

  it('reads JSON plans fast and still locates tests and issues', async () => {
    const tests = Array.from({ length: 3 }, (_, i) => ({ name: `t${i}`, type: 'api', request: { url: '/' } }));
    const file = tmp.write('gen.json', JSON.stringify({ name: 'Gen', tests }, null, 2));
    const plan = await loadPlan(file, tmp.dir);
    expect(plan.testLocations.map((l) => l.line)).toEqual([4, 11, 18]);
    expect(plan.testLocations[0]?.column).toBe(5);

    const oneLine = tmp.write('one-line.json', JSON.stringify({ name: 'Gen', tests: [...tests, { name: 'bad', type: 'api', request: { url: '/', timout: 1 } }] }));
    const issue = issueAt(await issuesOf(oneLine, tmp.dir), 'tests[3].request.timout');
    expect(issue.location).toMatchObject({ file: 'one-line.json', line: 1 });
    expect(issue.hint).toBe('did you mean `timeout`?');
    expect(JSON.stringify({ name: 'Gen', tests }).indexOf('"timout"')).toBe(-1);
  });

  it('loads a YAML file written as JSON the same way as its YAML form', async () => {
    const asJson = tmp.write('as-json.yaml', '{ "name": "J", "tests": [ { "name": "a", "type": "api", "request": { "url": "/" } } ] }\n');
    const plan = await loadPlan(asJson, tmp.dir);
    expect(plan.spec.name).toBe('J');
    expect(plan.testLocations).toEqual([{ line: 1, column: 27 }]);
  });

  it('reads a JSON plan with comments through the YAML parser', async () => {
    const file = tmp.write('commented.json', '{\n  # a comment YAML allows\n  "name": "C", "tests": []\n}\n');
    expect((await loadPlan(file, tmp.dir)).spec.name).toBe('C');
  });
});

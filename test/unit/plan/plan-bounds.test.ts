// Plans from untrusted text are bounded before anything walks them: deep nesting and YAML alias bombs
// are located plan errors on every parse path (JSON, js-yaml's fast path, the `yaml` package).
import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../../src/errors.js';
import { loadPlan } from '../../../src/plan/load.js';
import { issuesOf, tempDir } from './temp-plan.js';

const tmp = tempDir();
const LEVELS = 200_000;
const test = (body: string) => `{ "name": "t", "type": "api", "request": { "url": "http://127.0.0.1:9/", "method": "POST", "json": ${body} } }`;

/** A test whose body is `levels` of aliases, each a list of `width` aliases of the level below: width^levels values. */
function aliasBomb(levels: number, width: number, style: 'block' | 'flow'): string {
  const level = (i: number) => `${style === 'flow' ? `"a${i}"` : `a${i}`}: &a${i} [${Array(width).fill(i === 0 ? '"lol"' : `*a${i - 1}`).join(', ')}]`;
  const levelsText = Array.from({ length: levels + 1 }, (_, i) => level(i));
  if (style === 'flow') return `{ "name": "bomb", "tests": [${test(`{\n${levelsText.join(',\n')} }`)}] }`;
  return `name: bomb\ntests:\n  - name: t\n    type: api\n    request:\n      url: http://127.0.0.1:9/\n      method: POST\n      json:\n${levelsText.map((l) => `        ${l}`).join('\n')}\n`;
}

describe('nesting', () => {
  it('a JSON plan nested 200,000 levels deep is a located plan error, not a crash', async () => {
    const file = tmp.write('deep.json', `{ "name": "deep", "tests": [${test(`${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`)}] }`);
    const [issue] = await issuesOf(file, tmp.dir);
    expect(issue!.message).toMatch(/nests more than 100 levels/);
    expect(issue!.hint).toMatch(/JSON bodies/);
    // The plan, tests, the test and request are 4 levels: the 97th bracket of the body is the 101st level.
    const body = `{ "name": "deep", "tests": [${test('')}`.length - ' } }'.length;
    expect(formatLocation(issue!.location!)).toBe(`deep.json:1:${body + 97}`);
  });

  it('a YAML plan nested 200,000 levels deep in flow style, or 20,000 in block style, is a located plan error', async () => {
    const flow = tmp.write('deep-flow.yaml', `name: deep\ntests:\n  - ${test(`${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`)}\n`);
    const [f] = await issuesOf(flow, tmp.dir);
    expect(f!.message).toMatch(/nests more than 100 levels/);
    expect(f!.location).toMatchObject({ file: 'deep-flow.yaml', line: 3 });
    const block = tmp.write('deep-block.yaml', `name: deep\ntests:\n  - name: t\n    type: api\n    request:\n      url: http://127.0.0.1:9/\n      json:\n        ${'- '.repeat(20_000)}x\n`);
    const [b] = await issuesOf(block, tmp.dir);
    expect(b!.message).toMatch(/nests more than 100 levels/);
    expect(b!.location).toMatchObject({ file: 'deep-block.yaml', line: 8 });
  });

  it('a JSON body that makes 100 levels deep in all still loads; one level more is refused at its line', async () => {
    const ok = tmp.write('edge-ok.json', `{ "name": "edge", "tests": [${test(`${'['.repeat(96)}${']'.repeat(96)}`)}] }`);
    expect((await loadPlan(ok, tmp.dir)).spec.name).toBe('edge');
    const over = tmp.write('edge-over.json', `{ "name": "edge",\n "tests": [${test(`${'['.repeat(97)}${']'.repeat(97)}`)}] }`);
    const [issue] = await issuesOf(over, tmp.dir);
    expect(issue!.location).toMatchObject({ file: 'edge-over.json', line: 2 });
  });
});

describe('YAML aliases', () => {
  it('an alias bomb on the fast path (block YAML) is a plan error at the alias that multiplies, and sharing defaults still loads', async () => {
    // 10^6 values from 600 bytes: loaded whole before (tens of seconds at 10^8), refused now.
    const file = tmp.write('bomb.yaml', aliasBomb(6, 10, 'block'));
    const [issue] = await issuesOf(file, tmp.dir);
    expect(issue!.message).toMatch(/aliases expand the plan/);
    expect(issue!.hint).toMatch(/<<: \*defaults/);
    // a0 is on line 9, a1 lists a0 (plain values), a2 lists a1: the first alias of a node that holds aliases.
    expect(issue!.location).toMatchObject({ file: 'bomb.yaml', line: 11 });

    const first = '  - &first { name: t0, type: api, timeout: 5s, request: { url: "/a", headers: &headers { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8" } } }';
    const tests = Array.from({ length: 2000 }, (_, i) => `  - { <<: *first, name: t${i + 1}, request: { url: "/a/${i}", headers: *headers } }`);
    const shared = tmp.write('shared.yaml', `name: shared\ntests:\n${first}\n${tests.join('\n')}\n`);
    expect((await loadPlan(shared, tmp.dir)).spec.tests).toHaveLength(2001);
  });

  it('an alias bomb read by the yaml package (a plan that looks like JSON but is not) is a plan error, not a crash', async () => {
    const file = tmp.write('bomb.json', aliasBomb(8, 9, 'flow'));
    const [issue] = await issuesOf(file, tmp.dir);
    expect(issue!.message).toMatch(/aliases expand the plan/);
    expect(issue!.location).toMatchObject({ file: 'bomb.json', line: 4 });
  });
});

describe('nesting in a plan that looks like JSON but is not', () => {
  it('200,000 levels with a trailing comma (read by the YAML parser) is the same located plan error', async () => {
    const file = tmp.write('deep-loose.json', `{ "name": "deep",\n  "tests": [${test(`${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`)},] }`);
    const [issue] = await issuesOf(file, tmp.dir);
    expect(issue!.message).toMatch(/nests more than 100 levels/);
    expect(issue!.location).toMatchObject({ file: 'deep-loose.json', line: 2 });
  });
});

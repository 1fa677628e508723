import { describe, expect, it } from 'vitest';
import { parseYamlPlanFast } from '../../../src/plan/fast-yaml-source.js';
import { parseYamlPlan } from '../../../src/plan/yaml-source.js';

const text = `# a comment
name: p
vars: { tests: [1, 2] }
defaults: &d
  timeout: 5s
tests:
  - name: block style
    type: api
    request: { url: /a }

  - { name: flow style, type: api, request: { url: /b } }
  -
    name: item on the next line
    type: api
    on: 2024-01-01
    <<: { retries: 1 }
    request: { url: /c }
`;

describe('fast YAML plan source', () => {
  it('reads the same data as the position-keeping parser (no Date objects, merges applied)', () => {
    expect(parseYamlPlanFast(text, 'p.yaml').raw).toEqual(parseYamlPlan(text, 'p.yaml').raw);
    const raw = parseYamlPlanFast(text, 'p.yaml').raw as { tests: { on: unknown; retries: number }[] };
    expect(raw.tests[2].on).toBe('2024-01-01');
    expect(raw.tests[2].retries).toBe(1);
  });

  it('finds the line and column of every test, like the position-keeping parser', () => {
    const fast = parseYamlPlanFast(text, 'p.yaml').testLocations(3);
    expect(fast).toEqual(parseYamlPlan(text, 'p.yaml').testLocations(3));
    expect(fast.map((l) => l.line)).toEqual([7, 11, 13]);
  });

  it('still points issues at file:line:col', () => {
    expect(parseYamlPlanFast(text, 'p.yaml').locate(['tests', 1, 'request', 'url'])).toEqual({ file: 'p.yaml', line: 11, column: 47 });
  });
});

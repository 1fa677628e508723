// Plan validation as a user meets it: every problem at once, each with file:line:col, path, what fits, a fix.
import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../../src/errors.js';
import { loadPlan } from '../../../src/plan/load.js';
import { validatePlan } from '../../../src/plan/validate.js';
import { issueAt, issuesOf, loadError, tempDir } from './temp-plan.js';

const tmp = tempDir();

const plan = (tests: string, head = 'name: Demo\n') => `${head}tests:\n${tests}`;

describe('unknown keys', () => {
  it('points at the misspelt key with file:line:col and suggests the right one', async () => {
    const file = tmp.write(
      'typo.yaml',
      plan(`  - name: health
    type: api
    timout: 5s
    request: { method: GET, url: /health }
    expect: { statsu: 200 }
`),
    );
    const issues = await issuesOf(file, tmp.dir);
    const timeout = issueAt(issues, 'tests[0].timout');
    expect(timeout.message).toBe('unknown key `timout`');
    expect(timeout.hint).toBe('did you mean `timeout`?');
    expect(formatLocation(timeout.location!)).toBe('typo.yaml:5:5');
    const status = issueAt(issues, 'tests[0].expect.statsu');
    expect(status.hint).toBe('did you mean `status`?');
    expect(status.location).toMatchObject({ line: 7, column: 15 });
  });

  it('says where a key belongs when it is not a typo', async () => {
    const file = tmp.write('home.yaml', plan('  - { name: a, type: api, url: /x }\n'));
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'tests[0].url').hint).toBe('`url` belongs inside `request`.');
  });

  it('does not guess when nothing is close, and lists what is allowed', async () => {
    const file = tmp.write('far.yaml', 'name: x\nzzzzzz: 1\ntests: []\n');
    const issue = issueAt(await issuesOf(file, tmp.dir), 'zzzzzz');
    expect(issue.hint).toMatch(/^allowed here: .*`baseUrl`/);
  });

  it('checks keys at the top level, in defaults and inside vars', async () => {
    const file = tmp.write(
      'top.yaml',
      `name: x
baseURL: http://127.0.0.1
defaults: { retires: 2 }
vars:
  token: { env: T, secrt: true }
  bad-name: 1
tests: []
`,
    );
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'baseURL').hint).toBe('did you mean `baseUrl`?');
    expect(issueAt(issues, 'defaults.retires').hint).toBe('did you mean `retries`?');
    expect(issueAt(issues, 'vars.token.secrt').hint).toBe('did you mean `secret`?');
    expect(issueAt(issues, 'vars.bad-name').message).toBe('`bad-name` is not a valid variable name');
  });
});

describe('wrong values', () => {
  it('says what was expected in plain words and what it got', async () => {
    const file = tmp.write(
      'types.yaml',
      plan(`  - name: a
    type: api
    retries: "2"
    timeout: 5 minutes
    request: { method: get, url: /x, auth: { bearer: 1 } }
    expect:
      status: ok
      body: { contans: x }
      jsonPath: { "$.id": {} }
  - name: b
    type: api
    request: { url: /x }
    expect: { status: [200, "abc"] }
  - name: c
    type: api
    request: { url: /x }
    expect: { status: 700 }
`),
    );
    const issues = await issuesOf(file, tmp.dir);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['tests[0].retries']?.message).toBe('must be a whole number from 0 to 10; got "2"');
    expect(byPath['tests[0].timeout']?.message).toBe('must be a duration like "30s", "500ms" or "2m", or a number of milliseconds; got "5 minutes"');
    expect(byPath['tests[0].request.method']?.message).toMatch(/^must be one of "GET", "POST", .*; got "get"$/);
    expect(byPath['tests[0].request.method']?.hint).toBe('did you mean `GET`?');
    expect(byPath['tests[0].request.auth.bearer']?.message).toBe('must be text; got 1');
    expect(byPath['tests[0].expect.status']?.message).toBe('must be a status code, a list of status codes or a class like "2xx"; got "ok"');
    expect(byPath['tests[0].expect.body.contans']?.hint).toBe('did you mean `contains`?');
    expect(byPath['tests[0].expect.jsonPath["$.id"]']?.message).toMatch(/^needs at least one of: `equals`/);
    expect(byPath['tests[1].expect.status[1]']?.message).toBe('must be a status code or a class like "2xx"; got "abc"');
    expect(byPath['tests[2].expect.status']?.message).toContain('got 700');
    // One issue per problem: a failed union is not spelled out branch by branch.
    expect(issues.filter((i) => i.path === 'tests[0].expect.status')).toHaveLength(1);
    expect(issues.every((i) => !/anyOf|additionalProperties|instancePath|schema/.test(i.message))).toBe(true);
  });

  it('reports missing required fields at the key that is missing', async () => {
    const file = tmp.write('missing.yaml', 'tests:\n  - name: a\n    type: api\n    request: { method: GET }\n');
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'name').message).toBe('is required but missing');
    const url = issueAt(issues, 'tests[0].request.url');
    expect(url.hint).toMatch(/^`url`: Absolute URL/);
    expect(url.location).toMatchObject({ line: 4, column: 5 });
  });

  it('rejects a file that is not a map', async () => {
    const file = tmp.write('list.yaml', '- a\n- b\n');
    expect(issueAt(await issuesOf(file, tmp.dir), '(plan)').message).toBe('a plan must be a map with `name` and `tests`; got a list');
    const empty = tmp.write('empty.yaml', '# nothing yet\n');
    expect(issueAt(await issuesOf(empty, tmp.dir), '(plan)').message).toMatch(/got an empty file$/);
  });
});

describe('test types', () => {
  it('checks a load test against its own schema and its workload model, each issue at its line', async () => {
    const file = tmp.write('load.yaml', plan('  - name: home page\n    type: load\n    rate: 10\n'));
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => [i.path, i.message, i.location?.line])).toEqual(expect.arrayContaining([
      ['tests[0].scenario', 'is required but missing', 3],
      ['tests[0]', 'a constant-vus load test needs `vus`', 3],
      ['tests[0]', 'a constant-vus load test needs `duration` or `iterations`', 3],
      ['tests[0].rate', '`rate` is not used by constant-vus', 5],
    ]));
    expect(issueAt(issues, 'tests[0].rate').hint).toMatch(/constant-arrival-rate and ramping-arrival-rate|constant-arrival-rate/);
  });

  it('parses thresholds: an unknown metric, a bad condition and a step that does not exist are plan errors', async () => {
    const file = tmp.write('thresholds.yaml', plan([
      '  - name: catalogue',
      '    type: load',
      '    vus: 2',
      '    duration: 1s',
      '    scenario: [{ request: { url: /api/items } }]',
      '    thresholds:',
      '      http_req_duraton: ["p(95) < 200ms"]',
      '      http_req_failed: ["p(95) < 1"]',
      '      "http_req_duration{step:GET /nope}": ["p(95) < 200ms"]',
      '      http_req_duration: ["p(95) < 200ms", { threshold: "p(95) < 2 apples" }]',
      '',
    ].join('\n')));
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['tests[0].thresholds.http_req_duraton', 'unknown load metric `http_req_duraton`'],
      ['tests[0].thresholds.http_req_failed[0]', '`p(95) < 1` does not apply to http_req_failed'],
      ['tests[0].thresholds["http_req_duration{step:GET /nope}"]', 'no step is named `GET /nope`'],
      ['tests[0].thresholds.http_req_duration[1].threshold', '`p(95) < 2 apples` is not a threshold condition'],
    ]);
    expect(issueAt(issues, 'tests[0].thresholds["http_req_duration{step:GET /nope}"]').hint).toContain('`GET /api/items`');
  });

  it('lists the known types for an unknown one, with a suggestion', async () => {
    const file = tmp.write('apii.yaml', plan('  - { name: a, type: apii }\n  - { name: b }\n  - 7\n'));
    const issues = await issuesOf(file, tmp.dir);
    const unknown = issueAt(issues, 'tests[0].type');
    expect(unknown.message).toMatch(/^unknown test type `apii`; known types: api, ui, .*graphql, .*load$/);
    expect(unknown.hint).toBe('did you mean `api`?');
    expect(issueAt(issues, 'tests[1].type').message).toBe('is required but missing');
    expect(issueAt(issues, 'tests[2]').message).toMatch(/^must be a map with `name`, `type`/);
  });
});

describe('checks beyond the schema', () => {
  it('needs exactly one of request or steps in an api test', async () => {
    const file = tmp.write(
      'shape.yaml',
      plan(`  - name: both
    type: api
    request: { url: /a }
    steps: [{ request: { url: /b } }]
    expect: { status: 200 }
  - name: neither
    type: api
    expect: { status: 200 }
`),
    );
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'tests[0]').message).toBe('has both `request` and `steps`');
    expect(issueAt(issues, 'tests[0].expect').message).toBe('goes inside each step when a test has `steps`');
    expect(issueAt(issues, 'tests[1]').message).toBe('needs a `request` (one call) or `steps` (several calls in order)');
  });

  it('refuses duplicate test names', async () => {
    const file = tmp.write('dupe.yaml', plan('  - { name: same, type: api, request: { url: /a } }\n  - { name: same, type: api, request: { url: /b } }\n'));
    const issue = issueAt(await issuesOf(file, tmp.dir), 'tests[1].name');
    expect(issue.message).toBe('duplicate test name "same" (also tests[0])');
    expect(issue.location).toMatchObject({ line: 4 });
  });

  it('refuses `check` in a YAML plan: custom checks are TypeScript functions', async () => {
    const file = tmp.write('check.yaml', plan('  - { name: a, type: api, request: { url: /a }, check: "res => res.ok" }\n'));
    const issue = issueAt(await issuesOf(file, tmp.dir), 'tests[0].check');
    expect(issue.message).toBe('must be a function; got "res => res.ok"');
    expect(issue.hint).toMatch(/only in TypeScript plans/);
  });

  it('allows functions only as `check` in a TypeScript plan object', async () => {
    const raw = {
      name: 'x',
      tests: [
        { name: 'a', type: 'api', request: { url: '/a', json: { at: () => 1 } }, check: () => true },
        { name: 'b', type: 'api', steps: [{ request: { url: '/b' }, check: () => true }] },
      ],
    };
    const issues = await validatePlan(raw, () => undefined);
    expect(issues.map((i) => [i.path, i.message])).toEqual([['tests[0].request.json.at', 'a function is not allowed here']]);
  });
});

describe('templates', () => {
  it('reports each bad template in a string, with suggestions', async () => {
    const file = tmp.write(
      'templates.yaml',
      `name: t
vars: { token: abc }
tests:
  - name: a
    type: api
    steps:
      - request:
          url: "/u/\${{ captures.idd }}?t=\${{ vars.tokn }}&n=\${{ faker.person.fulName }}&x=\${{ foo.bar }}&e=\${{ env.HOME }}"
        capture: { id: $.id }
      - request: { url: "/u/\${{ captures.id }}", headers: { x: "\${{ vars.token" } }
      - request: { url: "/n/\${{ faker.number.int(1, 2, 3) }}/\${{ faker.string.uuid('x') }}" }
`,
    );
    const issues = await issuesOf(file, tmp.dir);
    const messages = issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
    expect(messages).toEqual([
      'tests[0].steps[0].request.url: `${{ captures.idd }}`: no step of this test captures `idd` (did you mean `id`?)',
      'tests[0].steps[0].request.url: `${{ vars.tokn }}`: there is no variable `tokn` in `vars` (did you mean `token`?)',
      'tests[0].steps[0].request.url: `${{ faker.person.fulName }}`: `faker.person.fulName` is not one of the available generators (did you mean `faker.person.fullName`?)',
      'tests[0].steps[0].request.url: `${{ foo.bar }}` can\'t be read: templates start with vars., env., captures. or faker',
      'tests[0].steps[1].request.headers.x: `${{ vars.token` is not closed: end it with `}}`',
      'tests[0].steps[2].request.url: `${{ faker.number.int(1, 2, 3) }}`: `faker.number.int` takes at most 2 arguments (min, max)',
      "tests[0].steps[2].request.url: `${{ faker.string.uuid('x') }}`: `faker.string.uuid` takes no arguments",
    ]);
    expect(issues[0]!.location).toMatchObject({ line: 8, column: 11 });
  });

  it('checks the vars that baseUrl and webServer read (a port from the environment)', async () => {
    const file = tmp.write('port.yaml', 'name: t\nvars: { port: { env: PORT, default: "4010" } }\nbaseUrl: "http://127.0.0.1:${{ vars.port }}"\nwebServer: { command: "node app.js --port ${{ vars.prot }}", url: "http://127.0.0.1:${{ vars.port }}/health" }\ntests: []\n');
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['webServer.command: `${{ vars.prot }}`: there is no variable `prot` in `vars`']);
  });

  it('refuses templates inside vars and captures outside a test', async () => {
    const file = tmp.write('vars.yaml', 'name: t\nvars: { email: "${{ faker.internet.email }}" }\ndefaults: { headers: { x: "${{ captures.a }}" } }\ntests: []\n');
    const issues = await issuesOf(file, tmp.dir);
    expect(issueAt(issues, 'vars.email').message).toBe('templates are not expanded inside `vars`');
    expect(issueAt(issues, 'defaults.headers.x').message).toBe('`${{ captures.a }}`: captures exist only inside a test');
  });
});

describe('YAML syntax errors', () => {
  it('fail with the file, line and column of the break', async () => {
    const file = tmp.write('syntax.yaml', 'name: x\ntests:\n  - name: a\n    type: api\n   request: {url: /x}\n');
    const e = await loadError(file, tmp.dir);
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.message).toBe('syntax.yaml is not valid YAML.');
    expect(e.issues?.[0]?.location).toMatchObject({ file: 'syntax.yaml', line: 5 });
    expect(e.issues?.[0]?.message).not.toMatch(/\n/);
  });

  it('reports duplicate keys', async () => {
    const file = tmp.write('dupkey.yaml', 'name: x\nname: y\ntests: []\n');
    const e = await loadError(file, tmp.dir);
    expect(e.issues?.[0]).toMatchObject({ location: { line: 2, column: 1 } });
    expect(e.issues?.[0]?.message).toMatch(/unique/);
  });
});

it('collects every issue of a plan in file order, and a valid plan loads', async () => {
  const bad = tmp.write('many.yaml', 'name: ""\ndefaults: { timeout: soon }\ntests:\n  - { name: a, type: api, request: { url: 1 } }\n');
  const issues = await issuesOf(bad, tmp.dir);
  expect(issues.map((i) => i.location?.line)).toEqual([1, 2, 4]);
  expect((await loadError(bad, tmp.dir)).message).toBe('many.yaml is not a valid plan: 3 problems.');

  const good = tmp.write('good.yaml', plan('  - { name: a, type: api, request: { url: /a }, expect: { status: 2xx, maxDuration: 1.5s } }\n'));
  const loaded = await loadPlan(good, tmp.dir);
  expect(loaded.spec.tests[0]?.name).toBe('a');
  expect(loaded.testLocations).toEqual([{ line: 3, column: 5 }]);
});

describe('ui steps', () => {
  it('names the one problem of each step: unknown step, missing field, misspelt expectation, code in YAML', async () => {
    const file = tmp.write('ui.yaml', plan(`  - name: sign in
    type: ui
    url: /login
    steps:
      - clik: "#submit"
      - fill: { selector: "#email" }
      - expect: { selector: h1, txt: Welcome }
      - evaluate: "document.title"
      - click: { role: button, name: Sign in }
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => i.path)).toEqual(['tests[0].steps[0].clik', 'tests[0].steps[1].fill.value', 'tests[0].steps[2].expect.txt', 'tests[0].steps[3].evaluate']);
    expect(issueAt(issues, 'tests[0].steps[0].clik')).toMatchObject({ message: 'unknown key `clik`', hint: 'did you mean `click`?', location: { line: 7, column: 9 } });
    expect(issueAt(issues, 'tests[0].steps[1].fill.value').message).toBe('is required but missing');
    expect(issueAt(issues, 'tests[0].steps[2].expect.txt').hint).toBe('did you mean `text`?');
    expect(issueAt(issues, 'tests[0].steps[3].evaluate').hint).toMatch(/TypeScript plans/);
  });

  // Selectors and durations are shared schemas the validators reach through `$ref`: a problem inside one, under
  // the step's union, is still the one precise issue.
  it('points into a selector or duration inside a step, at the one key that is wrong', async () => {
    const file = tmp.write('refs.yaml', plan(`  - name: refs
    type: ui
    url: /
    steps:
      - click: { selector: { role: 5 } }
      - type: { selector: "#a", text: x, delay: fast }
      - click: { role: button, nam: Save }
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => i.path)).toEqual([
      'tests[0].steps[0].click.selector.role',
      'tests[0].steps[1].type.delay',
      'tests[0].steps[2].click.selector',
      'tests[0].steps[2].click.role',
      'tests[0].steps[2].click.nam',
    ]);
    expect(issueAt(issues, 'tests[0].steps[0].click.selector.role')).toMatchObject({ message: 'must be text; got 5', location: { line: 7, column: 30 } });
    expect(issueAt(issues, 'tests[0].steps[1].type.delay').message).toMatch(/^must be a duration like "30s"/);
    expect(issueAt(issues, 'tests[0].steps[2].click.role').hint).toBe('`role` belongs inside `selector`.');
  });

  it('errors in one api step do not leak into its sibling steps', async () => {
    const file = tmp.write('steps.yaml', plan(`  - name: two steps
    type: api
    steps:
      - request: { url: /a, method: GTE }
      - request: { url: /b }
        expect: { status: 200 }
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => i.path)).toEqual(['tests[0].steps[0].request.method']);
  });
});

describe('websocket steps', () => {
  it('an expect that says nothing about the message is a plan error', async () => {
    const file = tmp.write('ws.yaml', plan(`  - name: chat
    type: websocket
    url: /ws/echo
    steps:
      - send: hi
      - expect: { within: 2s }
      - expect: { text: hi }
`));
    const issues = await issuesOf(file, tmp.dir);
    expect(issues.map((i) => [i.path, i.message])).toEqual([['tests[0].steps[1].expect', 'needs `json`, `text` or `jsonPath`: what the message must be']]);
  });
});

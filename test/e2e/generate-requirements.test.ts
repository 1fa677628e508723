// `aitest generate REQUIREMENTS`: the model (a local OpenAI-format server here, through the real SDK) drafts
// a plan; a plan that does not validate goes back with its problems; the written plan validates, carries
// each test's requirement, and the coverage table names the requirement no test covers.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { startOpenAiServer, type LlmServer } from '../helpers/llm-server.js';
import { useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();

const REQUIREMENTS = '# Shop API\n\n- REQ-1: The health endpoint answers ok.\n- REQ-2: Items can be listed.\n- REQ-3: Orders can be cancelled within an hour.\n';
const INVALID = { name: 'reqs', baseUrl: 'http://127.0.0.1:3000', tests: [{ name: 'health', type: 'api', requirement: 'REQ-1', request: { url: '/health' }, expect: { statuss: 200 } }] };
const VALID = {
  name: 'reqs', baseUrl: 'http://127.0.0.1:3000',
  tests: [
    { name: 'health answers ok', type: 'api', requirement: 'REQ-1', request: { url: '/health' }, expect: { status: 200, json: { status: 'ok' } } },
    { name: 'items are listed', type: 'api', requirement: 'REQ-2', request: { url: '/api/items' }, expect: { status: 200, jsonPath: { $: { type: 'array' } } } },
  ],
};

let llm: LlmServer | undefined;
afterEach(() => llm?.close());

it('drafts, repairs what does not validate, writes commented YAML and prints the coverage', async () => {
  llm = await startOpenAiServer((_call, i) => ({ content: JSON.stringify(i === 0 ? INVALID : VALID) }));
  const dir = tempDir({ 'requirements.md': REQUIREMENTS });
  const env = { AITEST_JUDGE_BASE_URL: llm.url, OPENAI_API_KEY: undefined };
  const r = await runCliProcess(['generate', 'requirements.md', '-o', 'plan.yaml'], { cwd: dir, env });
  expect(r.code, r.stderr).toBe(0);
  expect(llm.calls.length).toBe(2);
  const repair = (llm.calls[1].body.messages as { content: string }[])[1].content;
  expect(repair).toContain('It does not validate:\n- tests[0].expect.statuss: unknown key `statuss`');
  expect(r.stderr).toContain('✓ 2 tests for 3 requirements → plan.yaml (2 rounds');
  expect(r.stderr).toMatch(/REQ-3 {2}no test {2}Orders can be cancelled within an hour\./);
  expect(r.stderr).toContain('warning: no test covers REQ-3');
  const yaml = readFileSync(path.join(dir, 'plan.yaml'), 'utf8');
  expect(yaml).toMatch(/^# yaml-language-server: \$schema=/);
  expect(yaml).toContain('#   REQ-3: NO TEST');
  expect(yaml).toContain('requirement: REQ-2');
  const v = await runCliProcess(['validate', 'plan.yaml'], { cwd: dir });
  expect(v.code, v.stdout + v.stderr).toBe(0);
});

it('--dry-run prints the plan and writes nothing; without a model it says what to do instead', async () => {
  llm = await startOpenAiServer(() => ({ content: JSON.stringify(VALID) }));
  const dir = tempDir({ 'requirements.md': REQUIREMENTS });
  const dry = await runCliProcess(['generate', 'requirements.md', '--dry-run'], { cwd: dir, env: { AITEST_JUDGE_BASE_URL: llm.url, OPENAI_API_KEY: undefined } });
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).toContain('name: health answers ok');
  expect(dry.stderr).toContain('(dry run, not written)');
  expect(existsSync(path.join(dir, 'plan.yaml'))).toBe(false);

  const none = await runCliProcess(['generate', 'requirements.md', '-o', 'plan.yaml'], { cwd: dir, env: { AITEST_JUDGE_BASE_URL: undefined, OPENAI_API_KEY: undefined, GEMINI_API_KEY: undefined, AITEST_JUDGE_PROVIDER: undefined } });
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/generating a plan from requirements needs a model: no judge is configured/);
  expect(none.stderr).toContain('aitest generate --from-openapi SPEC -o plan.yaml');
});

it('--site reads the live site with the browser and gives the model its pages, labels and buttons', async () => {
  llm = await startOpenAiServer(() => ({ content: JSON.stringify(VALID) }));
  const dir = tempDir({ 'requirements.md': '## Sign in\nA user signs in with email and password.\n' });
  const r = await runCliProcess(['generate', 'requirements.md', '--dry-run', '--site', `${demo.app.url}/`], { cwd: dir, env: { AITEST_JUDGE_BASE_URL: llm.url, OPENAI_API_KEY: undefined } });
  expect(r.code, r.stderr).toBe(0);
  const sent = (llm.calls[0].body.messages as { content: string }[])[1].content;
  expect(sent).toContain('The live site, as a browser read it');
  expect(sent).toMatch(/page \/ — "Demo shop"/);
  // The sign-in page, found through the home page's link, with its real field labels and button.
  expect(sent).toMatch(/page \/login — "[^"]*"[^\n]*form: fields Email \(email\), Password \(password\)[^;]*; buttons Sign in/);
});

// Judge assertions as a user runs them: the built CLI, the demo app, and a local server speaking OpenAI's
// wire format in place of the vendor (reached through the real SDK via AITEST_JUDGE_BASE_URL).
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { repoRoot, runCliProcess, tempDir } from '../helpers/cli.js';
import { demoPortEnv } from '../helpers/ports.js';
import { startOpenAiServer, type LlmServer } from '../helpers/llm-server.js';
import { readReport, testNamed, useDemoApp } from '../helpers/report.js';

const demo = useDemoApp();
let llm: LlmServer | undefined;
afterEach(() => llm?.close());

async function run(tests: string, env: Record<string, string | undefined>, vars = '') {
  const dir = tempDir({ 'plan.yaml': `name: judge e2e\nbaseUrl: ${demo.app.url}\n${vars}tests:\n${tests}` });
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json'], { cwd: dir, env: { OPENAI_API_KEY: undefined, GEMINI_API_KEY: undefined, AITEST_JUDGE_PROVIDER: undefined, AITEST_JUDGE_BASE_URL: undefined, ...env } });
  return { ...r, tests: readReport(dir) };
}

const ITEM_TEST = `  - name: the item reads well
    type: api
    request: { url: /api/items/1 }
    expect:
      status: 200
      judge:
        on: $.name
        rubric: A short, plain product name a shopper understands.
`;

describe('examples/judge.yaml', () => {
  it('passes without a key, its judge checks skipped; with a local OpenAI-compatible server, judged', async () => {
    const without = await runCliProcess(['run', 'examples/judge.yaml', '--db', path.join(tempDir(), 'r.db')], { cwd: repoRoot, env: { ...(await demoPortEnv()), OPENAI_API_KEY: undefined, AITEST_JUDGE_BASE_URL: undefined } });
    expect(without.code, without.stdout + without.stderr).toBe(0);
    expect(without.stdout).toContain('4 judge checks were skipped: the openai judge has no API key: OPENAI_API_KEY is not set');

    llm = await startOpenAiServer((call) => {
      const user = (call.body.messages as { content: string }[])[1].content;
      // Criteria asked for are answered: accurate 1, friendly 0.4 → (2 × 1 + 0.4) / 3 = 0.8.
      return { content: user.includes('- accurate') ? '{"score": 0.5, "reasoning": "Exact times.", "criteria": {"accurate": 1, "friendly": 0.4}}' : '{"score": 0.95, "reasoning": "Polite, 30 days, offers a return.", "criteria": {}}' };
    });
    const dir = tempDir();
    const judged = await runCliProcess(['run', 'examples/judge.yaml', '--db', path.join(dir, 'r.db'), '--reporter', `json:${path.join(dir, 'report.json')}`], { cwd: repoRoot, env: { ...(await demoPortEnv()), OPENAI_API_KEY: undefined, AITEST_JUDGE_BASE_URL: llm.url } });
    expect(judged.code, judged.stdout + judged.stderr).toBe(0);
    // Two api answers, the chat page's answer element and its screenshot.
    expect(llm.calls.length).toBe(4);
    const tests = readReport(dir);
    expect(testNamed(tests, 'shipping answer is accurate and kind').checks.find((c) => c.name === 'judge')).toMatchObject({ ok: true, actual: { score: 0.8, criteria: { accurate: 1, friendly: 0.4 } } });
    expect(testNamed(tests, 'support bot explains refunds politely').checks.find((c) => c.name === 'judge')).toMatchObject({ ok: true, actual: { score: 0.95 } });
  });
});

describe('judge assertions', () => {
  it('a verdict at or above the threshold passes; score, model, reasoning and tokens are recorded', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 0.9, "reasoning": "Clear product name.", "criteria": {}}', usage: { prompt_tokens: 210, completion_tokens: 14 } }));
    const r = await run(ITEM_TEST, { AITEST_JUDGE_BASE_URL: llm.url, AITEST_JUDGE_MODEL: 'local-model' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const t = testNamed(r.tests, 'the item reads well');
    const judge = t.checks.find((c) => c.name === 'judge')!;
    expect(judge).toMatchObject({ ok: true, expected: 'score ≥ 0.7', actual: { score: 0.9, model: 'local-model', reasoning: 'Clear product name.' } });
    expect(t.metrics?.find((m) => m.name === 'judge_tokens_in')?.value).toBe(210);
    // What the model saw: the value `on` picked, inside the data block.
    const user = (llm.calls[0].body.messages as { content: string }[])[1].content;
    expect(user).toMatch(/<<<DATA [0-9a-f]{16}>>>\nMechanical keyboard\n<<<END DATA/);
    expect(r.stdout).toMatch(/judge: 1 call, 210 input and 14 output tokens/);
  });

  it('reuses a verdict from the results database: an unchanged rerun makes no call, and says so', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 0.8, "reasoning": "Good.", "criteria": {}}' }));
    const dir = tempDir({ 'plan.yaml': `name: judge cache\nbaseUrl: ${demo.app.url}\ntests:\n${ITEM_TEST}` });
    const env = { AITEST_JUDGE_BASE_URL: llm.url, OPENAI_API_KEY: undefined };
    const go = (...extra: string[]) => runCliProcess(['run', 'plan.yaml', '--reporter', 'list', '--reporter', 'json:report.json', ...extra], { cwd: dir, env });
    expect((await go()).code).toBe(0);
    expect(llm.calls.length).toBe(1);
    const again = await go();
    expect(again.code).toBe(0);
    expect(llm.calls.length).toBe(1);
    expect(again.stdout).toMatch(/judge: 0 calls, 0 input and 0 output tokens, 1 verdict from the cache/);
    expect(testNamed(readReport(dir), 'the item reads well').checks.find((c) => c.name === 'judge')).toMatchObject({ ok: true, actual: { score: 0.8, cached: true } });
    expect((await go('--no-judge-cache')).code).toBe(0);
    expect(llm.calls.length).toBe(2);
  });

  it('time in the judge does not count toward the test timeout', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 0.9, "reasoning": "ok", "criteria": {}}', delayMs: 1500 }));
    const r = await run(ITEM_TEST.replace('    type: api\n', '    type: api\n    timeout: 1s\n'), { AITEST_JUDGE_BASE_URL: llm.url });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(testNamed(r.tests, 'the item reads well').durationMs).toBeGreaterThanOrEqual(1500);
  });

  it('a ui step judges the page text, an element and a screenshot (sent as an image)', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 0.75, "reasoning": "Looks like a shop.", "criteria": {}}' }));
    const r = await run(`  - name: home page reads well
    type: ui
    url: /
    steps:
      - judge: { rubric: A shop's home page that says what it sells. }
      - judge: { on: { selector: h1 }, rubric: A clear heading. }
      - judge: { on: screenshot, rubric: A tidy page., threshold: 0.8 }
`, { AITEST_JUDGE_BASE_URL: llm.url });
    expect(r.code).toBe(1);
    const t = testNamed(r.tests, 'home page reads well');
    expect(t.checks.filter((c) => c.name === 'judge').map((c) => c.ok)).toEqual([true, true, false]);
    expect(t.error).toBe('judge: score 0.75 is below 0.8: Looks like a shop.');
    const sent = llm.calls.map((c) => (c.body.messages as { content: unknown }[])[1].content);
    expect(typeof sent[0]).toBe('string');
    expect(typeof sent[1]).toBe('string');
    // The screenshot went as a PNG image part.
    expect((sent[2] as { type: string; image_url?: { url: string } }[]).map((p) => p.type)).toEqual(['text', 'image_url']);
    expect((sent[2] as { image_url?: { url: string } }[])[1].image_url!.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('a websocket step judges the message the last expect matched', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 0.9, "reasoning": "A warm welcome.", "criteria": {}}' }));
    const r = await run(`  - name: chat welcomes
    type: websocket
    url: /ws/chat
    steps:
      - send: { json: { type: hello, name: ada } }
      - expect: { json: { type: welcome } }
      - judge: { rubric: Greets the new member by name. }
`, { AITEST_JUDGE_BASE_URL: llm.url });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(testNamed(r.tests, 'chat welcomes').checks.find((c) => c.name === 'judge')).toMatchObject({ ok: true, actual: { score: 0.9 } });
    const user = (llm.calls[0].body.messages as { content: string }[])[1].content;
    expect(user).toMatch(/<<<DATA [0-9a-f]{16}>>>\n\{[^\n]*"welcome"[^\n]*\}\n<<<END DATA/);
  });

  it('samples: N asks N times and takes the median score', async () => {
    const scores = [0.2, 0.9, 0.6];
    llm = await startOpenAiServer((_call, i) => ({ content: JSON.stringify({ score: scores[i % 3], reasoning: `sample ${i}`, criteria: {} }) }));
    const r = await run(ITEM_TEST.replace('        rubric:', '        samples: 3\n        threshold: 0.5\n        rubric:'), { AITEST_JUDGE_BASE_URL: llm.url });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(llm.calls.length).toBe(3);
    // The median, with the reasoning of the sample that gave it.
    expect(testNamed(r.tests, 'the item reads well').checks.find((c) => c.name === 'judge')).toMatchObject({ ok: true, actual: { score: 0.6, reasoning: 'sample 2' } });
  });

  it('a low score fails the test with the reasoning', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 0.3, "reasoning": "Jargon.", "criteria": {}}' }));
    const r = await run(ITEM_TEST, { AITEST_JUDGE_BASE_URL: llm.url });
    expect(r.code).toBe(1);
    expect(testNamed(r.tests, 'the item reads well').error).toBe('judge: score 0.3 is below 0.7: Jargon.');
  });

  it('without a judge every judge check is skipped, never passed, the run passes and says so once', async () => {
    const r = await run(`${ITEM_TEST}  - name: and again
    type: api
    request: { url: /api/items/2 }
    expect: { judge: { rubric: Anything. } }
`, {});
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const name of ['the item reads well', 'and again']) {
      const judge = testNamed(r.tests, name).checks.find((c) => c.name === 'judge')!;
      expect(judge.ok).toBe(false);
      expect(judge.skipped).toMatch(/^no judge is configured/);
    }
    expect(r.stdout.match(/judge checks? (was|were) skipped/g)).toEqual(['judge checks were skipped']);
    expect(r.stdout).toMatch(/2 judge checks were skipped: no judge is configured/);
  });

  it('a secret in the response never reaches the judge, nor does the API key reach the report', async () => {
    llm = await startOpenAiServer(() => ({ content: '{"score": 1, "reasoning": "ok", "criteria": {}}' }));
    const r = await run(`  - name: echo holds a secret
    type: api
    request: { method: POST, url: /api/users, json: { name: "\${{ vars.code }}", email: "ada-\${{ faker.string.uuid }}@example.com" } }
    expect:
      status: 201
      judge: { rubric: A created user. }
`, { AITEST_JUDGE_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-very-secret-key', SECRET_CODE: 'hunter2-the-secret' }, 'vars:\n  code: { env: SECRET_CODE, secret: true }\n');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const user = (llm.calls[0].body.messages as { content: string }[])[1].content;
    expect(user).not.toContain('hunter2-the-secret');
    expect(user).toMatch(/ada-[0-9a-f-]+@example\.com/);
    expect(llm.calls[0].headers.authorization).toBe('Bearer sk-very-secret-key');
    expect(JSON.stringify(r.tests)).not.toMatch(/hunter2-the-secret|sk-very-secret-key/);
  });
});

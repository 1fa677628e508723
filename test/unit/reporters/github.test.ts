import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubReporter, escapeCommandData, escapeCommandProperty, workflowCommand } from '../../../src/reporters/github.js';
import { inlineCode } from '../../../src/reporters/github-summary.js';
import { ANSI, captureContext, feed, ref, result, runEnd, runStart, sampleRun, testEnd } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-gh-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeCommandData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeCommandProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
  });

  it('builds ::error with escaped properties and message, leaving out empty ones', () => {
    expect(workflowCommand('error', { file: 'plans/a,b.yaml', line: 7, title: 'x: y', col: undefined }, 'line 1\nline 2 \u001b[31m50%\u001b[39m'))
      .toBe('::error file=plans/a%2Cb.yaml,line=7,title=x%3A y::line 1%0Aline 2 50%25\n');
    expect(workflowCommand('warning', {}, 'plain')).toBe('::warning::plain\n');
  });
});

describe('github reporter', () => {
  it('annotates failed, timed-out and error tests at their plan line, and flaky ones as warnings', async () => {
    const ctx = captureContext();
    const r = createGithubReporter({}, ctx);
    expect(r.ownsTerminal).toBeFalsy();
    await feed(r, sampleRun());
    const lines = ctx.out().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '::error file=plans/quick.yaml,line=20,title=create user%3A failed::'
      + '✘ POST /api/users › status  expected 201, actual 500%0A✘ jsonPath $.id equals  expected "abc", actual {"nested":[1,2,3]}%0A    values differ'
      + '%0Aattachment: .aitest/artifacts/run-1/response.json  (response)',
    );
    expect(lines[1]).toBe('::warning file=plans/quick.yaml,line=30,title=sometimes slow%3A flaky::Passed on attempt 2 after failing: maxDuration: expected 500, actual 812');
    expect(lines[2]).toBe('::error file=plans/quick.yaml,line=50,title=slow route%3A timed out::Test timed out after 5000ms.%0Ahint: Raise `timeout` on the test.');
    expect(lines[3]).toMatch(/^::error file=plans\/quick\.yaml,line=60,title=unreachable \[chromium\]%3A error::connect ECONNREFUSED 127\.0\.0\.1:4010$/);
    expect(ctx.out()).not.toMatch(ANSI);
  });

  it('appends a Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const ctx = captureContext({ env: { GITHUB_STEP_SUMMARY: summary }, colors: true });
    await feed(createGithubReporter({}, ctx), sampleRun());
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n### ❌ aitest: Quickstart failed')).toBe(true);
    expect(md).toContain('| Total | Passed | Failed | Timed out | Errors | Flaky | Skipped | Not run | Duration |');
    expect(md).toContain('| 6 | 1 | 1 | 1 | 1 | 1 | 1 | 0 | 1.2s |');
    expect(md).toContain('#### Failed tests (3)');
    expect(md).toContain('**❌ create user** `plans/quick.yaml:20`: failed');
    expect(md).toContain('- `POST /api/users › status`: expected `201`, actual `500`');
    expect(md).toContain('- `jsonPath $.id equals`: expected `"abc"`, actual `{"nested":[1,2,3]}`, values differ');
    expect(md).toContain('- hint: Raise `timeout` on the test.'.replace('`timeout`', '\\`timeout\\`'));
    expect(md).toContain('#### Flaky tests (1)');
    expect(md).not.toMatch(ANSI);
  });

  it('escapes Markdown in names and code spans', async () => {
    const summary = path.join(dir, 'summary.md');
    const ctx = captureContext({ env: { GITHUB_STEP_SUMMARY: summary } });
    await feed(createGithubReporter({}, ctx), [
      runStart({ total: 1 }),
      testEnd(ref('a|b *bold* <script>'), result('failed', { checks: [{ name: 'body', ok: false, expected: 'x`y', actual: 'p|q' }] })),
      runEnd({ total: 1, passed: 0, failed: 1, flaky: 0, skipped: 0, timedOut: 0, errors: 0 }),
    ]);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('**❌ a\\|b \\*bold\\* &lt;script>**');
    expect(md).toContain('expected ``"x`y"``, actual `"p\\|q"`');
    expect(inlineCode('`edge`')).toBe('`` `edge` ``');
  });

  it('writes no summary when GITHUB_STEP_SUMMARY is unset', async () => {
    const ctx = captureContext({ cwd: dir });
    await feed(createGithubReporter({}, ctx), sampleRun());
    expect(ctx.out()).toContain('::error');
  });
});

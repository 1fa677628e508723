import { describe, expect, it } from 'vitest';
import { createDotReporter } from '../../../src/reporters/dot.js';
import { createListReporter } from '../../../src/reporters/list.js';
import { ANSI, captureContext, feed, ref, result, runEnd, runStart, sampleRun, testEnd } from './fixtures.js';

describe('list reporter', () => {
  it('prints one line per final test with mark, name, type, duration and project', async () => {
    const ctx = captureContext();
    const r = createListReporter({}, ctx);
    expect(r.ownsTerminal).toBe(true);
    await feed(r, sampleRun());
    const out = ctx.out();
    expect(out).toContain('Running 6 tests using 4 workers');
    expect(out).toMatch(/^ {2}✓ health answers {2}api {2}42ms$/m);
    expect(out).toMatch(/^ {2}✘ create user {2}api {2}87ms$/m);
    expect(out).toMatch(/^ {2}~ sometimes slow {2}api {2}42ms {2}\(2 attempts\)$/m);
    expect(out).toMatch(/^ {2}- not ready/m);
    expect(out).toContain('waiting for the API');
    expect(out).toMatch(/^ {2}⏱ slow route/m);
    expect(out).toMatch(/^ {2}! unreachable {2}api {2}42ms {2}\[chromium\]$/m);
    // The intermediate attempt is a dim "retrying" line, not a result.
    expect(out).toContain('↻ sometimes slow  failed on attempt 1 (42ms), retrying');
    expect(out.match(/sometimes slow/g)).toHaveLength(2);
  });

  it('shows failing checks with expected and actual, errors with their hint', async () => {
    const ctx = captureContext();
    await feed(createListReporter({}, ctx), sampleRun());
    const out = ctx.out();
    expect(out).toContain('✘ POST /api/users › status  expected 201, actual 500');
    expect(out).toContain('✘ jsonPath $.id equals  expected "abc", actual {"nested":[1,2,3]}');
    expect(out).toContain('values differ');
    // The passing check of a failed test is not listed as a failure.
    expect(out).not.toContain('✘ schema');
    expect(out).toContain('Test timed out after 5000ms.');
    expect(out).toContain('hint: Raise `timeout` on the test.');
    expect(out).toContain('connect ECONNREFUSED 127.0.0.1:4010');
  });

  it('ends with counts, duration, run id and a failures recap', async () => {
    const ctx = captureContext();
    await feed(createListReporter({}, ctx), sampleRun());
    const out = ctx.out();
    expect(out).toContain('1 failed · 1 timed out · 1 error · 1 flaky · 1 passed · 1 skipped  (6 tests, 1.2s)');
    expect(out).toContain('run run-1  · aitest show run-1');
    expect(out).toContain('Failures (3)');
    expect(out).toMatch(/1\) ✘ create user {2}plans\/quick\.yaml:20\n\s+POST \/api\/users › status: expected 201, actual 500/);
    expect(out).toMatch(/3\) ! unreachable {2}plans\/quick\.yaml:60 {2}\[chromium\]/);
  });

  it('prints run:log warnings and errors marked as such, and notes (info) plainly', async () => {
    const ctx = captureContext();
    await feed(createListReporter({}, ctx), [
      runStart(),
      { type: 'run:log', level: 'info', message: 'quiet', at: 1 },
      { type: 'run:log', level: 'warn', message: 'Stopped after 1 failures', at: 1 },
      { type: 'run:log', level: 'error', message: 'results store failed', at: 1 },
      runEnd(),
    ]);
    expect(ctx.out()).toContain('warning: Stopped after 1 failures');
    expect(ctx.out()).toContain('error: results store failed');
    expect(ctx.out()).toMatch(/^quiet$/m);
  });

  it('emits ANSI colours only when colours are on', async () => {
    const plain = captureContext({ colors: false });
    await feed(createListReporter({}, plain), sampleRun());
    expect(plain.out()).not.toMatch(ANSI);
    const coloured = captureContext({ colors: true });
    await feed(createListReporter({}, coloured), sampleRun());
    expect(coloured.out()).toMatch(ANSI);
  });

  it('still prints a summary when the run ended without run:end', async () => {
    const ctx = captureContext();
    await feed(createListReporter({}, ctx), [runStart({ total: 3 }), testEnd(ref('a'), result('passed'))]);
    expect(ctx.out()).toContain('Interrupted. 1 passed · 2 not run  (3 tests');
  });

  it('with a file, writes plain text there and leaves the terminal alone', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/aitest-list-`);
    const ctx = captureContext({ colors: true, cwd: dir });
    const r = createListReporter({ file: 'out/list.txt' }, ctx);
    expect(r.ownsTerminal).toBe(false);
    await feed(r, sampleRun());
    expect(ctx.out()).toBe('');
    const text = readFileSync(`${dir}/out/list.txt`, 'utf8');
    expect(text).toContain('✓ health answers');
    expect(text).not.toMatch(ANSI);
  });
});

describe('dot reporter', () => {
  it('prints one character per attempt, then the summary and failure details', async () => {
    const ctx = captureContext();
    const r = createDotReporter({}, ctx);
    expect(r.ownsTerminal).toBe(true);
    await feed(r, sampleRun());
    const out = ctx.out();
    expect(out).toContain('\n.F×~sTE\n');
    expect(out).toContain('1 failed · 1 timed out · 1 error · 1 flaky · 1 passed · 1 skipped');
    expect(out).toContain('Failures (3)');
    // Dot prints nothing per test, so the recap carries the details.
    expect(out).toContain('✘ POST /api/users › status  expected 201, actual 500');
    expect(out).toContain('hint: Raise `timeout` on the test.');
    expect(out).not.toMatch(ANSI);
  });

  it('wraps long runs at 80 columns', async () => {
    const ctx = captureContext();
    const events = [runStart({ total: 100 })];
    for (let i = 0; i < 100; i++) events.push(testEnd(ref(`t${i}`, { id: `t${i}` }), result('passed')));
    await feed(createDotReporter({}, ctx), [...events, runEnd({ total: 100, passed: 100, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, status: 'passed' })]);
    expect(ctx.out()).toContain(`\n${'.'.repeat(80)}\n${'.'.repeat(20)}\n`);
    expect(ctx.out()).not.toContain('Failures');
  });

  it('colours only when asked', async () => {
    const ctx = captureContext({ colors: true });
    await feed(createDotReporter({}, ctx), sampleRun());
    expect(ctx.out()).toMatch(ANSI);
  });
});

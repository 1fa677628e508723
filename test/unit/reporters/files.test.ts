import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonReporter } from '../../../src/reporters/json.js';
import { createJunitReporter, renderJunit } from '../../../src/reporters/junit.js';
import { escapeXmlAttr, escapeXmlText } from '../../../src/reporters/xml.js';
import { ANSI, T0, captureContext, feed, ref, result, runEnd, runStart, sampleRun, testEnd } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-reports-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Tags open and close in order, attributes are quoted, and no raw markup characters are left in text. */
function assertWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    expect(text, 'text between tags').not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  // XML 1.0 cannot carry these at all.
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

describe('json reporter', () => {
  it('writes the documented shape to the file at close', async () => {
    const ctx = captureContext({ cwd: dir });
    const r = createJsonReporter({ file: 'reports/run.json' }, ctx);
    expect(r.ownsTerminal).toBe(false);
    await feed(r, sampleRun());
    const report = JSON.parse(readFileSync(path.join(dir, 'reports/run.json'), 'utf8'));

    expect(report.run).toMatchObject({ id: 'run-1', status: 'failed', startedAt: new Date(T0).toISOString(), durationMs: 1234, git: { commit: 'abc123def', branch: 'main' } });
    expect(report.summary).toEqual({ total: 6, passed: 1, failed: 1, flaky: 1, skipped: 1, errors: 1, timedOut: 1, notRun: 0 });
    // Final results only, in plan order regardless of finishing order.
    expect(report.tests.map((t: { name: string }) => t.name)).toEqual(['health answers', 'create user', 'sometimes slow', 'not ready', 'slow route', 'unreachable']);

    const failed = report.tests[1];
    expect(failed).toMatchObject({ id: 'id-create user', type: 'api', status: 'failed', durationMs: 87, error: 'status: expected 201, got 500', file: 'plans/quick.yaml', line: 20, tags: ['smoke'], attempts: 1 });
    expect(failed.checks[0]).toEqual({ name: 'status', ok: false, expected: 201, actual: 500, step: 'POST /api/users' });
    expect(failed.checks[1]).toEqual({ name: 'schema', ok: true, expected: { type: 'object' }, actual: null });
    expect(failed.artifacts).toEqual([{ name: 'response', path: '.aitest/artifacts/run-1/response.json', contentType: 'application/json' }]);
    expect(report.tests[0].metrics).toEqual([{ name: 'http_req_duration', value: 12.5, unit: 'ms', labels: { method: 'GET' }, at: new Date(T0 + 140).toISOString() }]);
    // Empty lists are left out; optional scalars too.
    expect(report.tests[0]).not.toHaveProperty('artifacts');
    expect(report.tests[0]).not.toHaveProperty('error');
    expect(report.tests[2]).toMatchObject({ status: 'flaky', attempts: 2 });
    expect(report.tests[4]).toMatchObject({ status: 'timedOut', errorHint: 'Raise `timeout` on the test.' });
  });

  it('without a file prints to stdout and owns the terminal', async () => {
    const ctx = captureContext();
    const r = createJsonReporter({}, ctx);
    expect(r.ownsTerminal).toBe(true);
    await feed(r, sampleRun());
    expect(JSON.parse(ctx.out()).run.id).toBe('run-1');
  });
});

describe('junit reporter', () => {
  it('writes well-formed JUnit XML with one suite per plan and the right counts', async () => {
    const ctx = captureContext({ cwd: dir, colors: true });
    const events = sampleRun('run-1', { plans: [{ name: 'Quickstart', file: 'plans/quick.yaml' }, { name: 'Other', file: 'plans/other.yaml' }] });
    events.splice(1, 0, testEnd(ref('other test', { plan: 'Other', file: 'plans/other.yaml', line: 3 }), result('passed')));
    await feed(createJunitReporter({ file: 'junit.xml' }, ctx), events);
    const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    assertWellFormed(xml);
    expect(xml).not.toMatch(ANSI);

    expect(xml).toMatch(/<testsuites id="run-1" name="aitest" tests="7" failures="1" errors="2" skipped="1" time="1\.234" timestamp="2025-01-15T10:00:00">/);
    expect(xml).toMatch(/<testsuite name="Quickstart" tests="6" failures="1" errors="2" skipped="1" time="[\d.]+" timestamp="2025-01-15T10:00:00" file="plans\/quick\.yaml">/);
    expect(xml).toMatch(/<testsuite name="Other" tests="1" failures="0" errors="0" skipped="0" time="0\.042"[^>]*>/);
    expect(xml).toContain('<testcase classname="plans/quick.yaml" name="health answers" file="plans/quick.yaml" line="12" time="0.042"/>');
    expect(xml).toMatch(/<testcase classname="plans\/quick\.yaml" name="create user" file="plans\/quick\.yaml" line="20" time="0\.087">\s*<failure message="POST \/api\/users › status: expected 201, actual 500" type="AssertionError">✘ POST \/api\/users › status {2}expected 201, actual 500/);
    expect(xml).toContain('[[ATTACHMENT|.aitest/artifacts/run-1/response.json]]');
    expect(xml).toMatch(/<testcase [^>]*name="slow route"[^>]*>\s*<error message="Test timed out after 5000ms\." type="timedOut">/);
    expect(xml).toMatch(/<testcase [^>]*name="unreachable \[chromium\]"[^>]*>\s*<error message="connect ECONNREFUSED 127\.0\.0\.1:4010" type="error">/);
    expect(xml).toMatch(/<testcase [^>]*name="not ready"[^>]*>\s*<skipped message="waiting for the API"\/>/);
    expect(xml).toMatch(/<testcase [^>]*name="sometimes slow"[^>]*>\s*<system-out>flaky: passed on attempt 2<\/system-out>/);
  });

  it('escapes markup, quotes, control characters and colour codes', () => {
    const nasty = 'a<b>&"c"\'d\' \u001b[31mred\u001b[39m \u0001\u0008 \uFFFF \uD800 line\nnext';
    const xml = renderJunit({
      runId: 'r', startedAt: T0, durationMs: 1, plans: [{ name: 'P<&>', file: 'p.yaml' }],
      tests: [{
        id: 'x', name: nasty, type: 'api', plan: 'P<&>', file: 'p.yaml', line: 1, tags: [], status: 'failed', attempts: 1,
        startedAt: T0, durationMs: 1, checks: [{ name: 'body', ok: false, expected: '</failure>]]>', actual: nasty }], steps: [], metrics: [], artifacts: [],
      }],
    });
    assertWellFormed(xml);
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; red \\u0001\\u0008 \\uffff \\ud800 line&#10;next"');
    expect(xml).toContain('&lt;/failure&gt;]]&gt;');
    expect(xml).toContain('<testsuite name="P&lt;&amp;&gt;"');
    expect(escapeXmlText('x\ty\r\n')).toBe('x\ty\r\n');
    expect(escapeXmlAttr('x\ty\r\n')).toBe('x&#9;y&#13;&#10;');
    // A valid astral character (surrogate pair) is kept.
    expect(escapeXmlText('ok 😀')).toBe('ok 😀');
  });

  it('writes an empty suite for a plan whose tests were all filtered out', async () => {
    const ctx = captureContext({ cwd: dir });
    writeFileSync(path.join(dir, 'keep'), '');
    await feed(createJunitReporter({ file: 'j.xml' }, ctx), [runStart({ total: 0 }), runEnd({ total: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, status: 'passed' })]);
    const xml = readFileSync(path.join(dir, 'j.xml'), 'utf8');
    assertWellFormed(xml);
    expect(xml).toContain('<testsuite name="Quickstart" tests="0" failures="0" errors="0" skipped="0" time="0.000"');
  });
});

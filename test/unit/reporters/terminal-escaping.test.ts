import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/events/types.js';
import { createDotReporter } from '../../../src/reporters/dot.js';
import { createGithubReporter } from '../../../src/reporters/github.js';
import { createListReporter } from '../../../src/reporters/list.js';
import { captureContext, feed, ref, result, runEnd, runStart, testEnd } from './fixtures.js';

const OSC_TITLE = '\u001b]0;pwned\u0007';
const HOSTILE_NAME = `login ${OSC_TITLE}works`;
// What a server replied, in a message: a bell, a carriage return that would overwrite the line, an 8-bit CSI.
const REPLY = 'boom\u0007\rFAKE: all passed \u009b2J';

function hostileRun(): RunEvent[] {
  return [
    runStart({ total: 3 }),
    testEnd(ref(HOSTILE_NAME, { line: 3 }), result('failed', {
      checks: [{ name: `status ${OSC_TITLE}`, ok: false, expected: 200, actual: 500, message: `status: expected 200, got 500 — body: ${REPLY}` }],
    })),
    testEnd(ref('second', { line: 9 }), result('error', { error: { message: `request failed: ${REPLY}\nsecond line`, hint: `retry ${OSC_TITLE}` } })),
    testEnd(ref('third', { line: 12 }), result('skipped', { durationMs: 0, skipReason: `because ${OSC_TITLE}` })),
    { type: 'run:log', level: 'warn', message: `the server said ${REPLY}`, at: 1 },
    runEnd({ total: 3, passed: 0, failed: 1, errors: 1, skipped: 1, timedOut: 0, flaky: 0 }),
  ];
}

/** No raw control character that a terminal would act on (ESC, BEL, CR, C1), besides our own colours. */
function rawControls(out: string): string[] {
  const withoutOurColours = out.replace(/\u001b\[\d+(;\d+)*m/g, '');
  return [...withoutOurColours.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g)].map((m) => JSON.stringify(m[0]));
}

describe('terminal output escapes control characters from plans and servers', () => {
  it('list: test names, checks, messages, errors, hints and logs show escapes as text; our colours stay', async () => {
    const ctx = captureContext({ colors: true });
    await feed(createListReporter({}, ctx), hostileRun());
    const out = ctx.out();
    expect(rawControls(out)).toEqual([]);
    expect(out).not.toContain(OSC_TITLE);
    expect(out).toContain('login \\x1b]0;pwned\\x07works');
    expect(out).toContain('boom\\x07\\rFAKE: all passed \\x9b2J');
    // A message's own line break is kept; our colour codes are still there.
    expect(out).toMatch(/request failed: .*\n.*second line/);
    expect(out).toContain('\u001b[31m');
  });

  it('dot: the failures recap escapes them too', async () => {
    const ctx = captureContext({ colors: false });
    await feed(createDotReporter({}, ctx), hostileRun());
    const out = ctx.out();
    expect(rawControls(out)).toEqual([]);
    expect(out).toContain('login \\x1b]0;pwned\\x07works');
  });

  it('github: annotations printed to the job log carry no raw control characters', async () => {
    const ctx = captureContext();
    await feed(createGithubReporter({}, ctx), hostileRun());
    const out = ctx.out();
    expect(out).toContain('::error ');
    expect(rawControls(out)).toEqual([]);
  });
});

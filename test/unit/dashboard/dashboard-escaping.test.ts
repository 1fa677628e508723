// The dashboard draws test names and messages from plans and servers: their control characters as text.
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/dashboard/app.js';
import { initialState, reduce } from '../../../src/dashboard/state.js';
import type { RunEvent, TestRef } from '../../../src/events/types.js';

const OSC = '\u001b]0;pwned\u0007';
const ref = (name: string): TestRef => ({ id: name, name, type: 'api', plan: 'p', file: 'p.yaml', line: 1, column: 1, tags: [] });

describe('dashboard escaping', () => {
  it('shows an escape sequence in a running test, a failure and its message escaped, never raw', () => {
    const s = initialState();
    const events: RunEvent[] = [
      { type: 'run:start', run: { id: 'r1', plans: [{ name: 'Shop', file: 'p.yaml' }], startedAt: 0, total: 2, workers: 2 } },
      { type: 'test:start', test: ref(`running ${OSC}`), attempt: 0, worker: 'w0', at: 0 },
      { type: 'test:start', test: ref(`broken ${OSC}`), attempt: 0, worker: 'w1', at: 0 },
      { type: 'test:end', test: ref(`broken ${OSC}`), result: { status: 'error', attempt: 0, willRetry: false, startedAt: 0, durationMs: 5, checks: [], steps: [], metrics: [], artifacts: [], error: { message: `server said \r${OSC}` } } },
    ];
    for (const e of events) reduce(s, e);
    const f = render(h(App, { state: s, now: 1000, width: 120, onQuit: () => {} })).lastFrame()!;
    expect(f).toContain('running \\x1b]0;pwned\\x07');
    expect(f).toContain('broken \\x1b]0;pwned\\x07');
    expect(f).toContain('server said \\r\\x1b]0;pwned\\x07');
    expect(f).not.toContain(OSC);
    expect(f).not.toContain('\r');
  });
});

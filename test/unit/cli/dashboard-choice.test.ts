// `aitest run` shows the live view where a person watches, and the plain reporters everywhere else.
import { isatty } from 'node:tty';
import { expect, it } from 'vitest';
import { wantsDashboard } from '../../../src/cli/dashboard-choice.js';

// wantsDashboard reads fd 0 itself: under vitest it is usually not a terminal, which the cases allow for.
const stdinTTY = isatty(0);

it('shows the live view on a terminal, unless a reporter is named, stdout is not a terminal, CI or a dumb terminal', () => {
  expect(wantsDashboard(false, {}, true)).toBe(stdinTTY);
  expect(wantsDashboard(true, {}, true)).toBe(false);
  expect(wantsDashboard(false, {}, false)).toBe(false);
  expect(wantsDashboard(false, { CI: 'true' }, true)).toBe(false);
  expect(wantsDashboard(false, { CONTINUOUS_INTEGRATION: '1' }, true)).toBe(false);
  expect(wantsDashboard(false, { TERM: 'dumb' }, true)).toBe(false);
});

it('CI=0 or CI=false is not CI', () => {
  expect(wantsDashboard(false, { CI: '0' }, true)).toBe(stdinTTY);
  expect(wantsDashboard(false, { CI: 'false' }, true)).toBe(stdinTTY);
});

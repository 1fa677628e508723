// main.ts starts the dashboard's thread early when the bare command line looks like a run on a terminal;
// the guess must say yes where `aitest run` shows the dashboard, and no where it plainly does not.
import { isatty } from 'node:tty';
import { expect, it } from 'vitest';
import { dashboardLikely, wantsDashboard } from '../../../src/cli/dashboard-choice.js';

// wantsDashboard reads fd 0 itself: under vitest it is usually not a terminal, which the cases allow for.
const stdinTTY = isatty(0);

it('guesses the dashboard for a plain run on a terminal, as run decides it', () => {
  const yes = [['run', 'plan.yaml'], ['--verbose', 'run', 'plan.yaml'], ['run'], ['run', 'p.yaml', '-w', '4', '--tag', 'smoke']];
  for (const argv of yes) {
    expect(dashboardLikely(argv, {}, true), argv.join(' ')).toBe(stdinTTY);
    expect(dashboardLikely(argv, {}, true)).toBe(wantsDashboard(false, {}, true));
  }
});

it('--ui guesses it even off a terminal, as run forces it', () => {
  expect(dashboardLikely(['run', 'p.yaml', '--ui'], { CI: '1' }, false)).toBe(true);
});

it('no dashboard guessed for other commands, reporters named, --no-ui, --help, CI or a dumb terminal', () => {
  const tty = true;
  expect(dashboardLikely(['show'], {}, tty)).toBe(false);
  expect(dashboardLikely(['validate', 'run'], {}, tty)).toBe(false);
  expect(dashboardLikely([], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml', '--reporter', 'dot'], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml', '--reporter=junit:r.xml'], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml', '-r', 'dot'], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml', '-xr', 'dot'], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml', '--no-ui'], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', '--help'], {}, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml'], {}, false)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml'], { CI: 'true' }, tty)).toBe(false);
  expect(dashboardLikely(['run', 'p.yaml'], { TERM: 'dumb' }, tty)).toBe(false);
});

it('CI=0 or CI=false is not CI', () => {
  expect(wantsDashboard(false, { CI: '0' }, true)).toBe(stdinTTY);
  expect(wantsDashboard(false, { CI: 'false' }, true)).toBe(stdinTTY);
});

// main.ts starts the run's background thread early when the bare command line looks like a run, and the
// dashboard on it when that run is on a terminal; the guesses must say yes where `aitest run` runs and
// shows the dashboard, and no where it plainly does not.
import { isatty } from 'node:tty';
import { expect, it } from 'vitest';
import { dashboardLikely, runLikely, wantsDashboard } from '../../../src/cli/dashboard-choice.js';

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

it('guesses a run for run and --verbose run, not for other commands or run --help', () => {
  expect(runLikely(['run', 'p.yaml', '--reporter', 'dot'])).toBe(true);
  expect(runLikely(['--verbose', 'run'])).toBe(true);
  expect(runLikely(['show', 'last'])).toBe(false);
  expect(runLikely(['validate', 'run'])).toBe(false);
  expect(runLikely(['run', '-h'])).toBe(false);
  expect(runLikely([])).toBe(false);
});

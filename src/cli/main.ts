// Process entry: builds the CliContext from the real process, runs the program, owns the exit code.
import { openDashboardThread } from '../dashboard/thread-spawn.js';
import { startThreadHost } from '../util/thread-host.js';
import { lowerRuntimeHelpersPriority } from '../util/thread-priority.js';
import { dashboardLikely } from './dashboard-choice.js';
import { wantsColor, type CliContext } from './context.js';

// A run on a terminal shows the dashboard, which takes ~40 ms of a core to start its thread and load ink
// and React. Started now, before the CLI's modules (~50 ms on this thread alone), it does that on the core
// this one leaves idle, instead of beside the tests. Only the modules above load before this: node
// built-ins and a few small files.
let early: CliContext['early'];
if (dashboardLikely(process.argv.slice(2), process.env, process.stdout.isTTY)) {
  // Before the first thread of ours, as the function asks (runCommand does it again, harmlessly).
  lowerRuntimeHelpersPriority();
  const host = startThreadHost();
  early = { host, dashboard: openDashboardThread(host) };
}
const { runCli } = await import('./program.js');

const verbose = process.argv.includes('--verbose');
const cli: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY, columns: process.stdout.columns },
  stderr: { write: (s) => void process.stderr.write(s) },
  colors: wantsColor(process.env, process.stdout.isTTY),
  verbose,
  ...(early ? { early } : {}),
};

// Ctrl-C: the first one stops the run gracefully (finished results are kept); a second exits at once.
const interrupt = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  interrupts++;
  if (interrupts === 1) {
    process.stderr.write('\nInterrupted: stopping the run and keeping finished results (Ctrl-C again to exit now)\n');
    interrupt.abort(new Error('interrupted'));
  } else {
    process.exit(130);
  }
};
cli.interrupt = () => {
  if (interrupts === 0) onSignal();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), cli, interrupt.signal);
// Let stdout drain (a pipe to `tee`, a CI log) before exiting.
process.stdout.write('', () => process.exit(code));

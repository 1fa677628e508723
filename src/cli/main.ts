// Process entry: builds the CliContext from the real process, runs the program, owns the exit code.
import { openDashboardThread } from '../dashboard/thread-open.js';
import { WRITER_SERVICE } from '../store/writer-thread.js';
import { startThreadHost } from '../util/thread-host.js';
import { lowerRuntimeHelpersPriority } from '../util/thread-priority.js';
import { dashboardLikely, runLikely } from './dashboard-choice.js';
import { wantsColor, type CliContext } from './context.js';

// A run needs its background thread (util/thread-host.ts) for the store, and on a terminal the dashboard
// on it: starting the thread, loading better-sqlite3 and loading ink and React take ~60 ms of a core.
// Started now, before the CLI's modules (~50 ms on this thread alone), that work is done on the core this
// one leaves idle, instead of beside the tests. Only the modules above load before this: node built-ins
// and a few small files.
const argv = process.argv.slice(2);
let early: CliContext['early'];
if (runLikely(argv)) {
  // Before the first thread of ours, as the function asks (runCommand does it again, harmlessly).
  lowerRuntimeHelpersPriority();
  const host = startThreadHost([WRITER_SERVICE]);
  early = { host, ...(dashboardLikely(argv, process.env, process.stdout.isTTY) ? { dashboard: openDashboardThread(host) } : {}) };
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

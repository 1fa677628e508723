// Process entry: builds the CliContext from the real process, runs the program, owns the exit code.
import { runCli } from './program.js';
import { wantsColor, type CliContext } from './context.js';

const verbose = process.argv.includes('--verbose');
const cli: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY, columns: process.stdout.columns },
  stderr: { write: (s) => void process.stderr.write(s) },
  colors: wantsColor(process.env, process.stdout.isTTY),
  verbose,
  terminal: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
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
// The live view's q and Ctrl-C (a key, not a signal, while it reads the keyboard) do what the signal does.
cli.interrupt = onSignal;
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), cli, interrupt.signal);
// Let stdout drain (a pipe to `tee`, a CI log) before exiting.
process.stdout.write('', () => process.exit(code));

// Process entry: builds the CliContext from the real process, runs the program, owns the exit code.
import { bufferedOutput } from './buffered-output.js';
import { wantsColor, type CliContext } from './context.js';
import { runCli } from './program.js';

const verbose = process.argv.includes('--verbose');
const stdout = bufferedOutput(process.stdout, 1);
// stderr stays unbuffered; stdout's gathered text goes first so the two keep their order in a terminal.
const writeErr = (s: string): void => {
  stdout.flush();
  process.stderr.write(s);
};
const cli: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: { write: stdout.write, isTTY: process.stdout.isTTY, columns: process.stdout.columns },
  stderr: { write: writeErr },
  colors: wantsColor(process.env, process.stdout.isTTY),
  verbose,
};

// Ctrl-C: the first one stops the run gracefully (finished results are kept); a second exits at once.
const interrupt = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  interrupts++;
  if (interrupts === 1) {
    writeErr('\nInterrupted: stopping the run and keeping finished results (Ctrl-C again to exit now)\n');
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
stdout.flush();
process.stdout.write('', () => process.exit(code));

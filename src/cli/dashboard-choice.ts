// Whether `aitest run` shows the live dashboard, and main.ts's guesses from the bare command line (a run?
// with the dashboard?), made before the CLI's modules load so that the run's background thread can start,
// and the dashboard load, beside them. Only node built-ins here: main.ts loads it first.
import { isatty } from 'node:tty';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The dashboard by default where a person is watching: stdout and stdin are a terminal, no CI (as ink and
 * most CI detectors read it), no reporters named on the command line, and a terminal that can draw.
 */
export function wantsDashboard(reporterNamed: boolean, env: Env, stdoutIsTTY: boolean | undefined): boolean {
  // isatty(0), not process.stdin: that would open a handle on the terminal the dashboard's thread reads.
  if (reporterNamed || !stdoutIsTTY || !isatty(0)) return false;
  const set = (k: string): boolean => k in env && env[k] !== '0' && env[k] !== 'false';
  return !set('CI') && !set('CONTINUOUS_INTEGRATION') && env.TERM !== 'dumb';
}

/**
 * Whether these arguments look like a run that will show the dashboard. A guess, read without the CLI's
 * parser: `aitest run` decides for itself (runCommand) and drops a dashboard opened on a wrong guess, which
 * has drawn nothing; a guess missed only costs the early start.
 */
export function dashboardLikely(argv: readonly string[], env: Env, stdoutIsTTY: boolean | undefined): boolean {
  if (!runLikely(argv)) return false;
  const has = (...flags: string[]): boolean => argv.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
  if (has('--no-ui')) return false;
  if (has('--ui')) return true;
  // -r, and -r among other short flags (-xr dot).
  return wantsDashboard(has('--reporter') || argv.some((a) => /^-[a-zA-Z]*r/.test(a)), env, stdoutIsTTY);
}

/** Whether these arguments look like `aitest run` (not its --help): a guess, as dashboardLikely's. */
export function runLikely(argv: readonly string[]): boolean {
  // The command is the first word that is not a global flag (--verbose is the only one that comes before it).
  return argv.find((a) => a !== '--verbose') === 'run' && !argv.some((a) => a === '--help' || a === '-h');
}

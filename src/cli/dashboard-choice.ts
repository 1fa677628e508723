// Whether `aitest run` shows the live view.
import { isatty } from 'node:tty';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The live view by default where a person is watching: stdout and stdin are a terminal, no CI (as most CI
 * detectors read it), no reporters named on the command line, and a terminal that can draw.
 */
export function wantsDashboard(reporterNamed: boolean, env: Env, stdoutIsTTY: boolean | undefined): boolean {
  if (reporterNamed || !stdoutIsTTY || !isatty(0)) return false;
  const set = (k: string): boolean => k in env && env[k] !== '0' && env[k] !== 'false';
  return !set('CI') && !set('CONTINUOUS_INTEGRATION') && env.TERM !== 'dumb';
}

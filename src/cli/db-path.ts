// Where the results database lives: --db, then AITEST_DB, then .aitest/results.db; aitest's other files go beside it.
import type { CliContext } from './context.js';

export function dbPath(flag: string | undefined, cli: CliContext): string {
  return flag ?? cli.env.AITEST_DB ?? '.aitest/results.db';
}

// `aitest validate`: load and validate plans, print every problem, exit 2 if any.
import pc from 'picocolors';
import { ExitCode, exitCodeForError } from '../../errors.js';
import { compilePlan } from '../../plan/compile.js';
import { loadPlan, resolvePlanFiles } from '../../plan/load.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';

export async function validateCommand(patterns: string[], cli: CliContext): Promise<number> {
  const c = pc.createColors(cli.colors);
  let files: string[];
  try {
    files = await resolvePlanFiles(patterns, cli.cwd);
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
  let code: number = ExitCode.passed;
  for (const file of files) {
    try {
      const plan = await loadPlan(file, cli.cwd);
      const n = compilePlan(plan).length;
      cli.stdout.write(`${c.green('✓')} ${plan.file}: ${n} test${n === 1 ? '' : 's'}\n`);
    } catch (e) {
      printError(e, cli);
      code = Math.max(code, exitCodeForError(e));
    }
  }
  return code;
}

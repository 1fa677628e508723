// Prints an error for a user: `error: …`, where, and the fix; a stack only for programmer errors or --verbose.
import pc from 'picocolors';
import { formatLocation, isAitestError } from '../errors.js';
import type { CliContext } from './context.js';

export function printError(e: unknown, cli: CliContext): void {
  const c = pc.createColors(cli.colors);
  const out = (s: string): void => cli.stderr.write(`${s}\n`);
  if (isAitestError(e)) {
    out(`${c.red('error:')} ${e.message}`);
    if (e.location) out(`  at ${formatLocation(e.location)}`);
    for (const issue of e.issues ?? []) {
      const where = issue.location ? `${formatLocation(issue.location)}` : '';
      out(`  ${c.bold(where)}${where ? '  ' : ''}${c.cyan(issue.path)}: ${issue.message}`);
      if (issue.hint) out(`    ${c.dim(issue.hint)}`);
    }
    if (e.hint) out(`  ${c.yellow('hint:')} ${e.hint}`);
    if (cli.verbose && e.stack) out(c.dim(e.stack));
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  out(`${c.red('error:')} ${err.message}`);
  // Not a user error: this is a bug in aitest, so the stack helps whoever reports it.
  if (err.stack) out(c.dim(err.stack));
}

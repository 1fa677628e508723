// Prints an error for a user: `error: …`, where, and the fix; a stack only for programmer errors or --verbose.
import pc from 'picocolors';
import { formatLocation, isAitestError } from '../errors.js';
import { terminalLine, terminalText } from '../util/terminal-safe.js';
import { stripUrlCredentials } from '../util/url-credentials.js';
import type { CliContext } from './context.js';

// Messages quote plans, URLs and servers' replies: no URL's password, and no control character obeyed.
const safe = (s: string): string => terminalText(stripUrlCredentials(s));
const safeLine = (s: string): string => terminalLine(stripUrlCredentials(s));

export function printError(e: unknown, cli: CliContext): void {
  const c = pc.createColors(cli.colors);
  const out = (s: string): void => cli.stderr.write(`${s}\n`);
  if (isAitestError(e)) {
    out(`${c.red('error:')} ${safe(e.message)}`);
    if (e.location) out(`  at ${safeLine(formatLocation(e.location))}`);
    for (const issue of e.issues ?? []) {
      const where = issue.location ? `${safeLine(formatLocation(issue.location))}` : '';
      out(`  ${c.bold(where)}${where ? '  ' : ''}${c.cyan(safeLine(issue.path))}: ${safe(issue.message)}`);
      if (issue.hint) out(`    ${c.dim(safe(issue.hint))}`);
    }
    if (e.hint) out(`  ${c.yellow('hint:')} ${safe(e.hint)}`);
    if (cli.verbose && e.stack) out(c.dim(safe(e.stack)));
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  out(`${c.red('error:')} ${safe(err.message)}`);
  // Not a user error: this is a bug in aitest, so the stack helps whoever reports it.
  if (err.stack) out(c.dim(safe(err.stack)));
}

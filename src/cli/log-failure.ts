// The one line a command prints when its log file stops being written (a full disk): the command goes on.
import { terminalLine } from '../util/terminal-safe.js';
import type { CliContext } from './context.js';

export function warnLogFailure(cli: CliContext): (error: Error, destination: string) => void {
  return (error, destination) => {
    cli.stderr.write(`warning: the log ${terminalLine(destination)} cannot be written (${terminalLine(error.message)}); logging is off from here on\n`);
  };
}

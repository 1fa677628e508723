// The bearer token for an orchestrator: --token-file, --token or AITEST_TOKEN (a command line is visible to `ps`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AitestError } from '../errors.js';
import type { CliContext } from './context.js';

const HINT = 'Give --token-file a file holding the orchestrator\'s token (one line, readable by you), or set AITEST_TOKEN.';

/** The token to send, if any: a flag over the environment; both flags at once is ambiguous. */
export async function remoteToken(o: { token?: string; tokenFile?: string }, cli: CliContext): Promise<string | undefined> {
  if (o.token !== undefined && o.tokenFile !== undefined) {
    throw new AitestError('USAGE', 'Give either --token or --token-file, not both.', { hint: HINT });
  }
  if (o.tokenFile === undefined) return o.token ?? (cli.env.AITEST_TOKEN || undefined);
  let text: string;
  try {
    text = await readFile(path.resolve(cli.cwd, o.tokenFile), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new AitestError('USAGE', `--token-file ${o.tokenFile} cannot be read: ${why}.`, { hint: HINT });
  }
  // A trailing newline (echo, a mounted secret) is not part of the token.
  const token = text.trim();
  if (!token) throw new AitestError('USAGE', `--token-file ${o.tokenFile} is empty.`, { hint: HINT });
  return token;
}

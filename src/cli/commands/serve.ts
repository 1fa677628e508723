// `aitest serve`: the orchestrator, until Ctrl-C or SIGTERM.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AitestError, ExitCode, exitCodeForError } from '../../errors.js';
import { warnLogFailure } from '../log-failure.js';
import { createLogger } from '../../util/logger.js';
import { stripUrlCredentials } from '../../util/url-credentials.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';
import { untilInterrupted } from '../until-interrupted.js';
import { retentionFrom, type RetentionFlags } from '../retention-flags.js';

export interface ServeOptions extends RetentionFlags {
  redis: string;
  host: string;
  port: number;
  tokensFile?: string;
  rateLimit: number;
  /** Requests per minute from one address without a valid token. */
  authFailLimit?: number;
  bodyLimit?: number;
  db: string;
  /** Seconds a run stays this orchestrator's without renewing (--lease). */
  lease?: number;
}

export async function serveCommand(o: ServeOptions, cli: CliContext, signal: AbortSignal): Promise<number> {
  try {
    const { parseTokens } = await import('../../remote/auth.js');
    const text = o.tokensFile ? await readFile(path.resolve(cli.cwd, o.tokensFile), 'utf8') : cli.env.AITEST_TOKENS;
    if (!text) throw new AitestError('USAGE', 'The orchestrator needs tokens: every route but /health, /ready and /metrics asks for one.', { hint: 'Set AITEST_TOKENS=\'{"<a long random token>": ["admin"]}\' or pass --tokens-file.' });
    let tokens;
    try {
      tokens = parseTokens(text);
    } catch (e) {
      throw new AitestError('USAGE', `Tokens: ${(e as Error).message}`);
    }
    const retention = retentionFrom(o, cli);
    const db = path.resolve(cli.cwd, o.db);
    const logger = await createLogger({ verbose: cli.verbose, logDir: path.join(path.dirname(db), 'logs'), onFailure: warnLogFailure(cli) });
    const { startOrchestrator } = await import('../../remote/orchestrator.js');
    const orchestrator = await startOrchestrator({ redisUrl: o.redis, host: o.host, port: o.port, dbPath: db, tokens, log: logger.log, rateLimit: o.rateLimit, ...(o.authFailLimit !== undefined ? { authFailLimit: o.authFailLimit } : {}), ...(o.bodyLimit ? { bodyLimit: o.bodyLimit } : {}), retention, ...(o.lease ? { leaseMs: o.lease * 1000 } : {}) });
    cli.stdout.write(`aitest orchestrator listening on ${orchestrator.url} (queue on ${stripUrlCredentials(o.redis)}, ${tokens.size} token${tokens.size === 1 ? '' : 's'})\n`);
    await untilInterrupted(signal);
    await orchestrator.close();
    logger.flush();
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}

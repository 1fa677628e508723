// `aitest worker`: takes tests off the orchestrator's queue until Ctrl-C or SIGTERM, then lets the tests
// in flight finish before it exits.
import os from 'node:os';
import path from 'node:path';
import { ExitCode, exitCodeForError } from '../../errors.js';
import { warnLogFailure } from '../log-failure.js';
import { createLogger } from '../../util/logger.js';
import { stripUrlCredentials } from '../../util/url-credentials.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';
import { untilInterrupted } from '../until-interrupted.js';

export interface WorkerFlags {
  redis: string;
  concurrency?: number;
  /** --env: the variables plans may read here. */
  env?: string[];
  denyNet?: string[];
  allowNet?: string[];
}

export async function workerCommand(o: WorkerFlags, cli: CliContext, signal: AbortSignal): Promise<number> {
  try {
    const logger = await createLogger({ verbose: cli.verbose, logDir: path.join(cli.cwd, '.aitest', 'logs'), onFailure: warnLogFailure(cli) });
    const { startRemoteWorker } = await import('../../remote/worker.js');
    const concurrency = o.concurrency && o.concurrency > 0 ? o.concurrency : os.availableParallelism();
    const { createNetPolicy } = await import('../../util/net-policy.js');
    const exposeEnv = o.env ?? (cli.env.AITEST_WORKER_ENV ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const net = createNetPolicy({ ...(o.denyNet ? { deny: o.denyNet } : {}), ...(o.allowNet ? { allow: o.allowNet } : {}) });
    const worker = await startRemoteWorker({ redisUrl: o.redis, concurrency, env: cli.env, log: logger.log, exposeEnv, net });
    cli.stdout.write(`aitest worker ${worker.name}: ${concurrency} slot${concurrency === 1 ? '' : 's'} on ${stripUrlCredentials(o.redis)}\n`);
    await untilInterrupted(signal);
    await worker.close();
    logger.flush();
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}

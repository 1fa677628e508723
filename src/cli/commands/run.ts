// `aitest run`: flags → RunOptions → runPlans → exit code.
import os from 'node:os';
import path from 'node:path';
import { AitestError, ExitCode, exitCodeForError, exitCodeForRun } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import { parseShard } from '../../plan/filters.js';
import { createReporter } from '../../reporters/registry.js';
import type { ReporterContext } from '../../reporters/types.js';
import { startStoreWriter, type StoreWriterThread } from '../../store/writer-thread.js';
import type { Logger } from '../../executors/types.js';
import { createLogger, silentLogger } from '../../util/logger.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';
import { dbPath } from '../db-path.js';

export interface RunFlags {
  workers?: number;
  retries?: number;
  timeout?: string;
  grep?: string;
  grepInvert?: string;
  project?: string[];
  tag?: string[];
  shard?: string;
  lastFailed?: boolean;
  maxFailures?: number;
  x?: boolean;
  reporter?: string[];
  db?: string;
  allowOnly?: boolean;
  updateSnapshots?: boolean;
  webServer?: boolean;
  /** false with --no-judge-cache */
  judgeCache?: boolean;
  /** --ui: the live dashboard instead of the list reporter. */
  ui?: boolean;
  analyze?: boolean;
}

export async function runCommand(plans: string[], flags: RunFlags, cli: CliContext, signal: AbortSignal): Promise<number> {
  const db = dbPath(flags.db, cli);
  let logger: { log: Logger; flush(): void } = { log: silentLogger, flush() {} };
  let store: StoreWriterThread | undefined;
  try {
    const rctx: ReporterContext = { stdout: cli.stdout, stderr: cli.stderr, colors: cli.colors, cwd: cli.cwd, env: cli.env };
    const specs = flags.reporter?.length ? flags.reporter : flags.ui ? [] : defaultReporters(cli);
    const reporters = specs.map((s) => createReporter(s, rctx));
    if (flags.ui) {
      // ink and react load only for the dashboard: they cost ~650 ms of start-up. React's production build:
      // a shipped CLI needs neither the development build's checks nor its console warnings.
      process.env.NODE_ENV ??= 'production';
      const { createDashboardReporter } = await import('../../dashboard/reporter.js');
      reporters.unshift(createDashboardReporter({ stdout: process.stdout, stdin: process.stdin, interrupt: () => cli.interrupt?.() }));
    }
    if (reporters.filter((r) => r.ownsTerminal).length > 1) {
      throw new AitestError('USAGE', 'Only one reporter can write to the terminal.', { hint: 'Pick one of list or dot; give json/junit a file, e.g. --reporter junit:results.xml.' });
    }
    if (flags.timeout !== undefined && !/^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/.test(flags.timeout)) {
      throw new AitestError('USAGE', `--timeout must be a duration like 500ms, 30s or 2m; got "${flags.timeout}".`);
    }
    // The store's thread starts before the log file is opened and the runner, executors and plans are
    // loaded (~90 ms of modules): its own start-up (a V8 isolate, better-sqlite3, migrations: ~45 ms) then
    // costs the run nothing. From here on the run owns it and closes it, whatever happens.
    store = startStoreWriter(db);
    // Logs live next to the database; if that folder is unusable the store reports it properly,
    // so a log that cannot be opened must not be the error the user sees.
    logger = await createLogger({ verbose: cli.verbose, logDir: path.join(path.dirname(path.resolve(cli.cwd, db)), 'logs') })
      .catch(() => ({ log: silentLogger, destination: 'none', flush() {} }));
    const { runPlans } = await import('../../runner/run.js');
    const handedOver = store;
    store = undefined;
    const { summary, teardownErrors, storeError } = await runPlans({
      store: handedOver,
      plans: plans.length ? plans : ['aitest.yaml'],
      cwd: cli.cwd,
      // Visual tests read it from their env, so it reaches every worker like the rest of the environment.
      env: { ...cli.env, ...(flags.updateSnapshots ? { AITEST_UPDATE_SNAPSHOTS: '1' } : {}) },
      workers: flags.workers && flags.workers > 0 ? flags.workers : os.availableParallelism(),
      retries: flags.retries,
      timeoutMs: flags.timeout === undefined ? undefined : parseDuration(/^\s*\d+(\.\d+)?\s*$/.test(flags.timeout) ? Number(flags.timeout) : flags.timeout),
      grep: flags.grep,
      grepInvert: flags.grepInvert,
      tags: flags.tag,
      projects: flags.project,
      shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
      lastFailed: flags.lastFailed,
      maxFailures: flags.x ? 1 : flags.maxFailures,
      allowOnly: flags.allowOnly,
      dbPath: db,
      reporters,
      signal,
      log: logger.log,
      startWebServers: flags.webServer !== false,
      judgeCache: flags.judgeCache !== false,
    });
    for (const t of teardownErrors) cli.stderr.write(`warning: teardown "${t.title}" failed: ${String(t.error)}\n`);
    if (storeError !== undefined && summary.status !== 'interrupted') {
      // The tests ran, but their results are not all saved: that is not a pass.
      printError(storeError, cli);
      return ExitCode.infra;
    }
    if (flags.analyze && summary.status !== 'interrupted') {
      // The stored run, read back like `aitest analyze` reads it; its own failure never changes the run's exit code.
      const { analyzeCommand } = await import('./analyze.js');
      cli.stdout.write('\n');
      await analyzeCommand({ runId: summary.runId, db, sigma: 2, window: 20 }, cli);
    }
    return exitCodeForRun(summary.status);
  } catch (e) {
    if (signal.aborted) return ExitCode.interrupted;
    printError(e, cli);
    return exitCodeForError(e);
  } finally {
    // Still ours only when the run never started.
    await store?.close().catch(() => {});
    logger.flush();
  }
}

function defaultReporters(cli: CliContext): string[] {
  // On GitHub Actions, annotations and the step summary come for free.
  return cli.env.GITHUB_ACTIONS === 'true' ? ['list', 'github'] : ['list'];
}

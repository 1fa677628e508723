// `aitest run`: flags → RunOptions → runPlans → exit code.
import os from 'node:os';
import path from 'node:path';
import { AitestError, ExitCode, exitCodeForError, exitCodeForRun } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import { parseShard } from '../../plan/filters.js';
import { createLiveView } from '../../dashboard/live-view.js';
import { createReporter } from '../../reporters/registry.js';
import type { Reporter, ReporterContext } from '../../reporters/types.js';
import type { RunOptions } from '../../runner/run.js';
import { startStoreWriter, type StoreWriterThread } from '../../store/writer-thread.js';
import type { RunSettings } from '../../executors/types.js';
import { warnLogFailure } from '../log-failure.js';
import { createLogger, silentLogger } from '../../util/logger.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';
import { wantsDashboard } from '../dashboard-choice.js';
import { dbPath } from '../db-path.js';
import { historySource } from '../history-source.js';
import { remoteToken } from '../remote-token.js';
import { retentionFrom, type RetentionFlags } from '../retention-flags.js';
import { hasRetention, type Retention } from '../../store/retention-policy.js';

export interface RunFlags extends RetentionFlags {
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
  /** --ui: the dashboard, staying after the run to browse and rerun; --no-ui: never; absent: on a terminal. */
  ui?: boolean;
  analyze?: boolean;
  /** --remote URL: the orchestrator's workers run the plan; events and results come back here. */
  remote?: string;
  /** --token for --remote (else --token-file, else AITEST_TOKEN: cli/remote-token.ts). */
  token?: string;
  /** --reconnect: seconds to keep reconnecting to --remote's event stream. */
  reconnect?: number;
  /** --token-file: a file holding the token for --remote. */
  tokenFile?: string;
}

export async function runCommand(plans: string[], flags: RunFlags, cli: CliContext, signal: AbortSignal): Promise<number> {
  const db = dbPath(flags.db, cli);
  let logger: { log: RunOptions['log']; flush(): void } = { log: silentLogger, flush() {} };
  let store: StoreWriterThread | undefined;
  try {
    checkTimeout(flags);
    const retention = retentionFrom(flags, cli);
    const live = cli.terminal !== undefined && (flags.ui ?? wantsDashboard(Boolean(flags.reporter?.length), cli.env, cli.stdout.isTTY));
    // Made again for a rerun: file reporters write their files when a run closes them.
    const makeReporters = (): Promise<Reporter[]> => reportersFor(flags, cli, live);
    const reporters = await makeReporters();
    // The store's thread starts before the log file is opened and the runner, executors and plans are
    // loaded: its own start-up (the thread, better-sqlite3, migrations) then overlaps theirs. From here on
    // the run owns it and closes it, whatever happens.
    store = startStoreWriter(db);
    // Logs live next to the database; if that folder is unusable the store reports it properly,
    // so a log that cannot be opened must not be the error the user sees.
    logger = await createLogger({ verbose: cli.verbose, logDir: path.join(path.dirname(path.resolve(cli.cwd, db)), 'logs'), onFailure: warnLogFailure(cli) })
      .catch(() => ({ log: silentLogger, destination: 'none', flush() {} }));
    if (flags.remote) {
      const token = await remoteToken(flags, cli);
      const handedOver = store;
      store = undefined;
      const code = await runOnOrchestrator(plans, flags, cli, signal, handedOver, reporters, token);
      await keepHistory(db, retention, cli, signal);
      return code;
    }
    const { runPlans } = await import('../../runner/run.js');
    // r in the browser after the run (--ui) runs the failed tests again, as often as asked.
    for (let rerun = false; ; rerun = true) {
      const handedOver = store ?? startStoreWriter(db);
      store = undefined;
      const { summary, teardownErrors, storeError } = await runPlans({
        ...runOptions(plans, flags, cli, db),
        store: handedOver,
        lastFailed: rerun || flags.lastFailed,
        reporters: rerun ? await makeReporters() : reporters,
        signal,
        log: logger.log,
      });
      for (const t of teardownErrors) cli.stderr.write(`warning: teardown "${t.title}" failed: ${String(t.error)}\n`);
      if (storeError !== undefined) {
        // Results stopped being saved, and the run stopped: that is no pass, and no failed test either. One
        // `error: results database not writable: …` line and its hint; Ctrl-C, if it came too, keeps its 130.
        printError(storeError, cli);
        return signal.aborted ? ExitCode.interrupted : ExitCode.infra;
      }
      if (flags.ui === true && !signal.aborted && await browseRun(db, summary.runId, cli) === 'rerun') continue;
      if (flags.analyze && summary.status !== 'interrupted') {
        // The stored run, read back like `aitest analyze` reads it; its own failure never changes the run's exit code.
        const { analyzeCommand } = await import('./analyze.js');
        cli.stdout.write('\n');
        await analyzeCommand({ runId: summary.runId, db, sigma: 2, window: 20 }, cli);
      }
      await keepHistory(db, retention, cli, signal);
      return exitCodeForRun(summary.status);
    }
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

/** --keep-runs / --keep-days after a run that was not interrupted; a failure to prune is a warning, never the run's exit code. */
async function keepHistory(db: string, retention: Retention, cli: CliContext, signal: AbortSignal): Promise<void> {
  if (!hasRetention(retention) || signal.aborted) return;
  try {
    // Loaded only when asked: better-sqlite3 is otherwise the store thread's alone.
    const { pruneStore } = await import('../../store/retention.js');
    const { removed } = await pruneStore(path.resolve(cli.cwd, db), retention);
    if (removed.length > 0 && cli.verbose) cli.stderr.write(`removed ${removed.length} old run${removed.length === 1 ? '' : 's'} from the store\n`);
  } catch (e) {
    cli.stderr.write(`warning: old runs could not be removed from the store: ${(e as Error).message}\n`);
  }
}

function checkTimeout(flags: RunFlags): void {
  if (flags.timeout !== undefined && !/^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/.test(flags.timeout)) {
    throw new AitestError('USAGE', `--timeout must be a duration like 500ms, 30s or 2m; got "${flags.timeout}".`);
  }
}

/** The reporters named (or the default), and with `live` the live view below the one that writes the terminal. */
async function reportersFor(flags: RunFlags, cli: CliContext, live: boolean): Promise<Reporter[]> {
  const rctx: ReporterContext = { stdout: cli.stdout, stderr: cli.stderr, colors: cli.colors, cwd: cli.cwd, env: cli.env };
  const made = await Promise.all((flags.reporter?.length ? flags.reporter : defaultReporters(cli)).map((s) => createReporter(s, rctx)));
  if (made.filter((r) => r.ownsTerminal).length > 1) {
    throw new AitestError('USAGE', 'Only one reporter can write to the terminal.', { hint: 'Pick one of list or dot; give json/junit a file, e.g. --reporter junit:results.xml.' });
  }
  if (!live) return made;
  // What scrolls by above the live view's area is a terminal reporter's: the list, unless one was named.
  const log = made.some((r) => r.ownsTerminal) ? [] : [await createReporter('list', rctx)];
  // Last, so that what the others write at the end is printed before the area leaves.
  const t = cli.terminal;
  if (!t) return made;
  const view = createLiveView({ stdout: t.stdout, stderr: t.stderr, stdin: t.stdin, colors: cli.colors, interrupt: () => cli.interrupt?.() });
  return [...made, ...log, view];
}

/** What a local run is asked, from the flags (the run's store, reporters and signal are added by the caller). */
function runOptions(plans: string[], flags: RunFlags, cli: CliContext, db: string): Omit<RunOptions, 'store' | 'reporters' | 'signal' | 'log'> {
  return {
    plans: plans.length ? plans : ['aitest.yaml'],
    cwd: cli.cwd,
    env: cli.env,
    settings: runSettings(flags, cli),
    workers: flags.workers && flags.workers > 0 ? flags.workers : os.availableParallelism(),
    retries: flags.retries,
    timeoutMs: timeoutMsOf(flags),
    grep: flags.grep,
    grepInvert: flags.grepInvert,
    tags: flags.tag,
    projects: flags.project,
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    lastFailed: flags.lastFailed,
    maxFailures: flags.x ? 1 : flags.maxFailures,
    allowOnly: flags.allowOnly,
    dbPath: db,
    startWebServers: flags.webServer !== false,
    judgeCache: flags.judgeCache !== false,
  };
}

/** `run --ui`, once the run is over: the history browser on it, where r reruns its failures. */
async function browseRun(db: string, runId: string, cli: CliContext): Promise<'quit' | 'rerun'> {
  const t = cli.terminal;
  if (!t?.stdout.isTTY || !t.stdin.isTTY) return 'quit';
  const [{ browseHistory }, { openStore }] = await Promise.all([import('../../dashboard/browse.js'), import('../../store/sqlite.js')]);
  const store = openStore(path.resolve(cli.cwd, db), { mustExist: true });
  try {
    return await browseHistory(historySource(store), { stdout: t.stdout, stdin: t.stdin, openRun: runId, rerun: true });
  } finally {
    store.close();
  }
}

/** --timeout as milliseconds: a bare number is milliseconds, else a duration (checked at the start). */
function timeoutMsOf(flags: RunFlags): number | undefined {
  if (flags.timeout === undefined) return undefined;
  return parseDuration(/^\s*\d+(\.\d+)?\s*$/.test(flags.timeout) ? Number(flags.timeout) : flags.timeout);
}

async function runOnOrchestrator(plans: string[], flags: RunFlags, cli: CliContext, signal: AbortSignal, store: StoreWriterThread, reporters: Reporter[], token: string | undefined): Promise<number> {
  const { runRemote } = await import('../../remote/run-remote.js');
  const settings = runSettings(flags, cli);
  const { summary, storeError } = await runRemote({
    target: { url: flags.remote!, ...(token ? { token } : {}) },
    // Before the run starts, where the user looks first (the plan's webServer, which --remote does not start).
    warn: (message) => cli.stderr.write(`warning: ${message}\n`),
    webServerWarning: flags.webServer !== false,
    plans: plans.length ? plans : ['aitest.yaml'],
    cwd: cli.cwd,
    reporters,
    store,
    signal,
    ...(flags.grep ? { grep: flags.grep } : {}),
    ...(flags.grepInvert ? { grepInvert: flags.grepInvert } : {}),
    ...(flags.tag ? { tags: flags.tag } : {}),
    ...(flags.project ? { projects: flags.project } : {}),
    ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
    ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: timeoutMsOf(flags) } : {}),
    ...(flags.x || flags.maxFailures ? { maxFailures: flags.x ? 1 : flags.maxFailures } : {}),
    // Whether this is CI is for the side that started the run to say: a worker's own environment is not.
    ...settingsFlags(settings),
    allowOnly: flags.allowOnly ?? !settings.ci,
    ...(flags.reconnect !== undefined ? { reconnectMs: flags.reconnect * 1000 } : {}),
  });
  if (storeError !== undefined) {
    // Results not all saved, here or on the orchestrator (which then stopped the run): no pass, no failed test.
    printError(storeError, cli);
    return signal.aborted ? ExitCode.interrupted : ExitCode.infra;
  }
  return exitCodeForRun(summary.status);
}

/** The run's settings from its flags and the starting machine: every test's `ctx.settings`, here or on a worker. */
function runSettings(flags: RunFlags, cli: CliContext): RunSettings {
  return { updateSnapshots: flags.updateSnapshots === true, ci: Boolean(cli.env.CI) };
}

/** The settings as the orchestrator's API takes them: fields set only when true. */
function settingsFlags(s: RunSettings): { updateSnapshots?: true; ci?: true } {
  return { ...(s.updateSnapshots ? { updateSnapshots: true } : {}), ...(s.ci ? { ci: true } : {}) };
}

function defaultReporters(cli: CliContext): string[] {
  // On GitHub Actions, annotations and the step summary come for free.
  return cli.env.GITHUB_ACTIONS === 'true' ? ['list', 'github'] : ['list'];
}

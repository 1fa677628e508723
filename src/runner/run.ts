// One local run: load → compile → filter → start servers → schedule on worker slots → events → teardown.
import os from 'node:os';
import path from 'node:path';
import type { RunEvent, RunInfo, RunSummary } from '../events/types.js';
import { createRunPipeline, summarize } from './pipeline.js';
import { loadExecutors } from '../executors/registry.js';
import type { Logger, RunSettings } from '../executors/types.js';
import { parseDuration } from '../plan/duration.js';
import { selectTests } from '../plan/select.js';
import { loadPlan, resolvePlanFiles } from '../plan/load.js';
import { createFaker } from '../plan/faker.js';
import { createResolver, resolveVars } from '../plan/templates.js';
import type { LoadedPlan, TestCase, WebServerSpec } from '../plan/types.js';
import type { EventSink } from '../reporters/store.js';
import type { Reporter } from '../reporters/types.js';
import { asNotWritable } from '../store/store-error.js';
import { startStoreWriter, type StoreWriterThread } from '../store/writer-thread.js';
import { createAbortGroup } from '../worker/abort-group.js';
import { createResourceScope } from '../worker/resources.js';
import { runTestCase, toTestRef, type WorkerDeps } from '../worker/run-test.js';
import { createTestScopes } from '../worker/test-scopes.js';
import { createJudgeService } from '../judge/service.js';
import { LOCAL_SANDBOX } from '../util/sandbox.js';
import { createRunId, describeEnvironment, readGitInfo } from './run-meta.js';
import { schedule } from './scheduler.js';
import { createTaskRunner } from './tasks.js';
import { startWebServer } from './web-server.js';
import { stripUrlCredentials } from '../util/url-credentials.js';

export interface RunOptions {
  plans: string[];
  cwd: string;
  /** What plans may read (`${{ env.X }}`, `{ env: NAME }` vars) and webServer commands inherit. */
  env: Record<string, string | undefined>;
  /** How the run was started, handed to every test as `ctx.settings`. */
  settings: RunSettings;
  workers: number;
  retries?: number;
  timeoutMs?: number;
  grep?: string;
  grepInvert?: string;
  projects?: string[];
  tags?: string[];
  shard?: { index: number; total: number };
  lastFailed?: boolean;
  maxFailures?: number;
  allowOnly?: boolean;
  dbPath: string;
  reporters: Reporter[];
  signal: AbortSignal;
  log: Logger;
  /** Start each plan's webServer (default true). */
  startWebServers?: boolean;
  /** Reuse cached judge verdicts (default true; `--no-judge-cache`). */
  judgeCache?: boolean;
  /**
   * The results-store writer, when the caller started it (the CLI does, before loading the runner, so the
   * thread's start-up overlaps with that); it is closed with the run either way. Default: started here.
   */
  store?: StoreWriterThread;
}

export interface RunOutcome {
  summary: RunSummary;
  /**
   * Set when results stopped being saved during the run: the run was then stopped (its status `interrupted`,
   * the tests it did not finish counted as not run) and is an infrastructure failure. A STORE error reads
   * `results database not writable: …`, and its hint says whether the run's row could be marked interrupted.
   */
  storeError?: unknown;
  /** Problems during teardown (server would not stop, store close failed): reported, not fatal. */
  teardownErrors: { title: string; error: unknown }[];
}

export async function runPlans(o: RunOptions): Promise<RunOutcome> {
  const tasks = createTaskRunner();
  try {
    let writer: StoreWriterThread | undefined;
    // The writer thread starts first so that opening the database overlaps with loading the plans.
    await tasks.setup([{
      title: 'open results store',
      async setup() {
        writer = o.store ?? startStoreWriter(o.dbPath);
        return () => writer!.close();
      },
    }]);

    // Asked now so the git processes run while the plans load, not after.
    const git = readGitInfo(o.cwd, o.env);
    const files = await resolvePlanFiles(o.plans, o.cwd);
    const loaded: LoadedPlan[] = await Promise.all(files.map((f) => loadPlan(f, o.cwd)));
    // A var read from an unset environment variable stops the run before it starts (exit 2), rather than
    // failing every test; the workers resolve vars again on their own machine.
    for (const p of loaded) resolveVars(p.spec.vars, o.env);
    await writer!.ready;

    let ids: Set<string> | undefined;
    if (o.lastFailed) {
      // Loaded only here: the run itself writes through the writer thread, and better-sqlite3 costs start-up time.
      const { openStore } = await import('../store/sqlite.js');
      const reader = openStore(o.dbPath);
      try {
        ids = new Set(reader.lastFailed(loaded.map((p) => p.spec.name)));
      } finally {
        reader.close();
      }
      if (ids.size === 0) o.log.info('--last-failed: the previous run had no failures; nothing to rerun');
    }
    const selected = selectTests(loaded, {
      grep: o.grep, grepInvert: o.grepInvert, tags: o.tags, projects: o.projects, shard: o.shard, ids, allowOnly: o.allowOnly ?? !o.settings.ci,
      retries: o.retries, timeoutMs: o.timeoutMs,
    });

    if (o.startWebServers !== false) await tasks.setup(webServerTasks(loaded, o));

    return await execute(selected, loaded, writer!, o, tasks, await git, () => {
      for (const r of o.reporters) {
        try {
          r.testsDone?.();
        } catch (e) {
          o.log.warn('a reporter failed when the tests were done', { error: String(e) });
        }
      }
    });
  } catch (e) {
    const errors = await tasks.teardown();
    for (const t of errors) o.log.warn(`teardown "${t.title}" failed`, { error: String(t.error) });
    throw e;
  }
}

function webServerTasks(loaded: LoadedPlan[], o: RunOptions) {
  // Plans sharing a server (same command and URL once resolved) start it once.
  const seen = new Map<string, { plan: LoadedPlan; ws: WebServerSpec }>();
  for (const p of loaded) {
    if (!p.spec.webServer) continue;
    // Its command and url may read vars (a port from the environment, with a default): resolved here,
    // on the machine that starts it. The title keeps the command as written.
    const ws = createResolver({ vars: resolveVars(p.spec.vars, o.env).values, env: o.env, captures: {}, faker: createFaker() })(p.spec.webServer);
    seen.set(`${ws.command}\0${ws.url}`, { plan: p, ws });
  }
  return [...seen.values()].map(({ plan: p, ws }) => ({
    title: `webServer ${p.spec.webServer!.command}`,
    async setup() {
      const server = await startWebServer(
        { ...ws, timeoutMs: ws.timeout === undefined ? 60_000 : parseDuration(ws.timeout) },
        { cwd: o.cwd, env: o.env, log: o.log, signal: o.signal },
      );
      return server.stop;
    },
  }));
}

async function execute(
  cases: TestCase[], loaded: LoadedPlan[], store: StoreWriterThread, o: RunOptions, tasks: ReturnType<typeof createTaskRunner>, git: RunInfo['git'],
  testsDone: () => void,
): Promise<RunOutcome> {
  const runId = createRunId();
  const startedAt = Date.now();
  const run: RunInfo = {
    id: runId,
    plans: loaded.map((p) => ({ name: p.spec.name, file: p.file })),
    startedAt,
    total: cases.length,
    workers: o.workers,
    env: describeEnvironment(o.env),
  };
  if (git) run.git = git;
  if (o.shard) run.shard = o.shard;
  const weights = loaded.find((p) => p.spec.assessment?.weights)?.spec.assessment?.weights;
  if (weights) run.qualityWeights = weights;
  const baseUrl = loaded.find((p) => p.spec.baseUrl)?.spec.baseUrl;
  if (baseUrl) run.baseUrl = stripUrlCredentials(baseUrl);

  // A store that stops taking results (a full disk, a read-only file) stops the run as Ctrl-C does: what is
  // left to run would be reported but never saved. What finished is kept; the rest counts as not run.
  const storeFailed = new AbortController();
  const signal = AbortSignal.any([o.signal, storeFailed.signal]);
  // Whether a batch was committed, and with it the run's row (run:start is in the first batch).
  let runRowStored = false;
  const sink: EventSink = { write: (e) => store.write(e), flush: () => store.flush().then(() => { runRowStored = true; }) };
  const pipeline = createRunPipeline({
    store: sink,
    subscribers: o.reporters,
    onError(error, index) {
      const message = error instanceof Error ? error.message : String(error);
      if (index === 0) storeFailed.abort(error);
      o.log.error(index === 0 ? 'the results store failed' : 'a reporter failed and was switched off', { error: message });
      // The others keep going and say so; a store failure also decides the exit code (see RunOutcome), and
      // the CLI prints it once the run is over.
      if (index !== 0) emit({ type: 'run:log', level: 'error', message: `reporter #${index} failed and was switched off: ${message}`, at: Date.now() });
    },
  });
  const emit = (e: RunEvent): void => pipeline.emit(e);
  emit({ type: 'run:start', run });

  const resources = createResourceScope();
  // The verdict cache lives in the results database; better-sqlite3 loads in this thread only if a judge runs.
  const judge = createJudgeService(o.env, o.judgeCache === false ? {} : { openCache: async () => (await import('../store/judge-cache.js')).openVerdictCache(o.dbPath) });
  const registry = await loadExecutors(cases.map((tc) => tc.type));
  const deps: WorkerDeps = {
    executors: registry,
    aborts: createAbortGroup(signal),
    scopes: createTestScopes(o.env),
    judge,
    sandbox: LOCAL_SANDBOX,
    resources,
    log: o.log,
    cwd: o.cwd,
    env: o.env,
    settings: o.settings,
    artifactsDir: path.join(path.dirname(path.resolve(o.cwd, o.dbPath)), 'artifacts', runId),
    emit,
  };
  const refs = new Map(cases.map((tc) => [tc.id, toTestRef(tc)]));
  const outcome = await schedule(cases, {
    workers: o.workers,
    maxFailures: o.maxFailures,
    signal,
    resourceOf: (tc) => {
      const executor = registry[tc.type];
      return executor?.resourceFor?.(tc.spec) ?? executor?.resource ?? 'network';
    },
    // A browser per slot: more of them than cores only makes every test slower.
    limits: { browser: Math.min(o.workers, os.availableParallelism()) },
    runAttempt: (tc, attempt, workerId) => runTestCase(tc, attempt, deps, signal, workerId, refs.get(tc.id)),
  });
  for (const err of await resources.closeAll()) o.log.warn('closing a worker resource failed', { error: err.message });

  if (judge.skipped.count > 0) {
    // Once per run, not once per check: every judge check was skipped for the same reason.
    emit({ type: 'run:log', level: 'warn', message: `${judge.skipped.count} judge check${judge.skipped.count === 1 ? ' was' : 's were'} skipped: ${judge.skipped.reason}`, at: Date.now() });
  }
  if (judge.usage.calls > 0 || judge.cacheHits > 0) {
    const hits = judge.cacheHits > 0 ? `, ${judge.cacheHits} verdict${judge.cacheHits === 1 ? '' : 's'} from the cache` : '';
    const cost = judge.usage.costUsd === undefined ? '' : ` (about $${judge.usage.costUsd < 0.01 ? judge.usage.costUsd.toFixed(4) : judge.usage.costUsd.toFixed(2)})`;
    emit({ type: 'run:log', level: 'info', message: `judge: ${judge.usage.calls} call${judge.usage.calls === 1 ? '' : 's'}, ${judge.usage.input} input and ${judge.usage.output} output tokens${cost}${hits}`, at: Date.now() });
  }
  await judge.close().catch((e: unknown) => o.log.warn('closing the judge cache failed', { error: String(e) }));
  if (pipeline.storeError() !== undefined && !o.signal.aborted) {
    emit({ type: 'run:log', level: 'warn', message: `Stopped: results can no longer be saved; ${outcome.notRun} test${outcome.notRun === 1 ? '' : 's'} not run.`, at: Date.now() });
  }
  if (outcome.stoppedByMaxFailures) {
    emit({ type: 'run:log', level: 'warn', message: `Stopped after ${o.maxFailures} failures (--max-failures); ${outcome.notRun} tests not run.`, at: Date.now() });
  }
  // The summary counts what reporters count: final results as emitted (a contract test's operations are
  // results of their own), not scheduled tests.
  const summary = summarize(runId, startedAt, pipeline.finals.size + outcome.notRun, pipeline.finals, outcome.notRun, signal.aborted);
  emit({ type: 'run:end', summary });
  // This thread would otherwise wait here for the store to commit the last results.
  testsDone();
  await pipeline.drain();
  // The pipeline stopped writing to the store when it failed, so the run's row still says `running`.
  const failed = pipeline.storeError();
  const storeError = failed === undefined ? undefined : asNotWritable(failed, await markInterrupted(store, summary, runRowStored, o.log));
  // Every result is committed: the store closes (a WAL checkpoint, on its own thread) while the reporters
  // finish, such as the dashboard leaving the screen. Its teardown gets the same close and its error.
  store.close().catch(() => {});
  await pipeline.close();
  const teardownErrors = await tasks.teardown();
  return storeError === undefined ? { summary, teardownErrors } : { summary, teardownErrors, storeError };
}

/**
 * One last write after the store failed: the run's row set to its end, status `interrupted` (its results are
 * not all there, even when the failure came with the last commit, after every test had finished), with the
 * run's counts as printed: the tests of the batch whose commit failed are counted there but have no stored
 * result. It often succeeds on a full disk, since it rewrites a page the failed commit had already made room
 * for; when it does not, the row stays `running` and reads as interrupted once this process has ended (a row
 * whose process is gone, see store/queries.ts). Returns what happened, for the error's hint.
 */
async function markInterrupted(store: StoreWriterThread, summary: RunSummary, runRowStored: boolean, log: Logger): Promise<string> {
  const kept = 'Results committed before the failure are kept';
  if (!runRowStored) return 'Nothing of this run was saved.';
  try {
    store.write({ type: 'run:end', summary: { ...summary, status: 'interrupted' } });
    await store.flush();
    return `${kept}; the run is marked interrupted (aitest show ${summary.runId}).`;
  } catch (e) {
    log.warn('the run could not be marked interrupted', { error: e instanceof Error ? e.message : String(e) });
    return `${kept}; the run could not be marked interrupted, and reads as interrupted once this process has ended (aitest show ${summary.runId}).`;
  }
}

// `aitest run --remote URL`: the plan is checked here (the same errors as a local run), bundled with its
// files, run by the orchestrator's workers, and its events come back into the same reporters and a local
// store, as if it ran here. Ctrl-C stops the remote run and waits for its end.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AitestError } from '../errors.js';
import { createEventBus } from '../events/bus.js';
import type { ArtifactRef, RunEvent, RunSummary } from '../events/types.js';
import { compilePlan } from '../plan/compile.js';
import { filterTests } from '../plan/filters.js';
import { loadPlan, resolvePlanFiles } from '../plan/load.js';
import { openPlanCache } from '../plan/plan-cache.js';
import { createStoreReporter } from '../reporters/store.js';
import type { Reporter } from '../reporters/types.js';
import type { StoreWriterThread } from '../store/writer-thread.js';
import { bundlePlan } from './bundle.js';
import { downloadArtifact, followRun, remoteAction, submitRun, type RemoteTarget } from './client.js';
import type { RunFilters } from './protocol.js';

export interface RemoteRunOptions extends RunFilters {
  target: RemoteTarget;
  plans: string[];
  cwd: string;
  reporters: Reporter[];
  /** The local store the results are kept in too. */
  store: StoreWriterThread;
  signal: AbortSignal;
  /** false: a test marked `only` is a usage error, as in a local run on CI without --allow-only. */
  allowOnly?: boolean;
  /** Where big plans are kept parsed and validated between runs (plan/plan-cache.ts); none: always parse. */
  planCacheDir?: string;
}

export async function runRemote(o: RemoteRunOptions): Promise<{ summary: RunSummary; storeError?: unknown }> {
  try {
    const files = await resolvePlanFiles(o.plans, o.cwd);
    if (files.length !== 1) throw new AitestError('USAGE', `--remote runs one plan at a time; got ${files.length}.`, { hint: 'Run each plan with its own --remote, or merge them into one plan.' });
    // A plan parsed now is written to the cache once the run is handed over, while the orchestrator starts it.
    const cache = o.planCacheDir === undefined ? undefined : openPlanCache(o.planCacheDir, { deferWrites: true });
    const plan = await loadPlan(files[0], o.cwd, { cache });
    const fn = findFunction(plan.spec, 'plan');
    if (fn) throw new AitestError('USAGE', `${plan.file}: ${fn} is a function; a plan with function steps runs locally only.`, { hint: 'Run it without --remote, or replace the function with expect assertions.' });
    // Checked here, where the run starts: the orchestrator runs what it is sent.
    if (o.allowOnly === false) filterTests(compilePlan(plan), { allowOnly: false });
    const bundle = await bundlePlan(plan, o.cwd, await readFile(path.resolve(o.cwd, plan.file), 'utf8'));
    const { target, plans: _p, cwd: _c, reporters: _r, store: _s, signal: _g, allowOnly: _a, planCacheDir: _k, ...filters } = o;
    const { runId } = await submitRun(target, { bundle, ...filters });
    cache?.writePending();

    let storeError: unknown;
    const bus = createEventBus([createStoreReporter(o.store), ...o.reporters], (error, i) => {
      if (i === 0) storeError = error;
    });
    const stop = (): void => void remoteAction(target, 'stop', runId).catch(() => {});
    o.signal.addEventListener('abort', stop, { once: true });
    let summary: RunSummary | undefined;
    // In order, each result's artifacts fetched before reporters see it: reports embed and link them.
    let chain: Promise<void> = Promise.resolve();
    try {
      await followRun(target, runId, (e) => {
        chain = chain.then(async () => {
          if (e.type === 'test:end') for (const warning of await fetchArtifacts(target, runId, e.result.artifacts, o.cwd)) bus.emit(warning);
          if (e.type === 'run:end') summary = e.summary;
          bus.emit(e);
        });
      });
      await chain;
    } finally {
      o.signal.removeEventListener('abort', stop);
      await bus.close();
    }
    if (!summary) throw new AitestError('INFRA', `The event stream of run ${runId} ended without the run's end.`);
    return storeError === undefined ? { summary } : { summary, storeError };
  } finally {
    await o.store.close().catch(() => {});
  }
}

/** Writes a result's artifacts here, where its paths say; what cannot be fetched becomes a warning. */
async function fetchArtifacts(t: RemoteTarget, runId: string, artifacts: ArtifactRef[], cwd: string): Promise<RunEvent[]> {
  const warnings: RunEvent[] = [];
  for (const a of artifacts) {
    const target = path.resolve(cwd, a.path);
    if (!target.startsWith(path.resolve(cwd) + path.sep)) continue;
    try {
      const body = await downloadArtifact(t, runId, a.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, body);
    } catch (e) {
      warnings.push({ type: 'run:log', level: 'warn', message: `artifact ${a.path} could not be fetched from the orchestrator: ${(e as Error).message}`, at: Date.now() });
    }
  }
  return warnings;
}

/** Where a TypeScript plan holds a function (a custom check), if it does. */
function findFunction(value: unknown, at: string): string | undefined {
  if (typeof value === 'function') return at;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findFunction(value[i], `${at}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findFunction(v, `${at}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

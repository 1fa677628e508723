// `aitest run --remote URL`: the plan is checked here (the same errors as a local run), bundled with its
// files, run by the orchestrator's workers, and its events come back into the same reporters and a local
// store, as if it ran here. Ctrl-C stops the remote run and waits for its end.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AitestError } from '../errors.js';
import type { ArtifactRef, RunEvent, RunSummary } from '../events/types.js';
import { selectTests } from '../plan/select.js';
import { loadPlan, resolvePlanFiles } from '../plan/load.js';
import type { Reporter } from '../reporters/types.js';
import { createRunPipeline } from '../runner/pipeline.js';
import type { StoreWriterThread } from '../store/writer-thread.js';
import { bundlePlan } from './bundle.js';
import { downloadArtifact, followRun, remoteAction, submitRun, type RemoteTarget } from './client.js';
import { isPlainRunId, rootOf, writeBelow, writeRoots, type WriteRoots } from './client-writes.js';
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
  /** Said before the run starts (the CLI prints `warning: …`). */
  warn?: (message: string) => void;
  /** false (--no-web-server): the user says the plan's webServer is theirs to start; no warning about it. */
  webServerWarning?: boolean;
  /** How long to keep reconnecting to the run's event stream, ms (default: followRun's). */
  reconnectMs?: number;
}

export async function runRemote(o: RemoteRunOptions): Promise<{ summary: RunSummary; storeError?: unknown }> {
  try {
    const files = await resolvePlanFiles(o.plans, o.cwd);
    if (files.length !== 1) throw new AitestError('USAGE', `--remote runs one plan at a time; got ${files.length}.`, { hint: 'Run each plan with its own --remote, or merge them into one plan.' });
    const plan = await loadPlan(files[0], o.cwd);
    const fn = findFunction(plan.spec, 'plan');
    if (fn) throw new AitestError('USAGE', `${plan.file}: ${fn} is a function; a plan with function steps runs locally only.`, { hint: 'Run it without --remote, or replace the function with expect assertions.' });
    // Checked here, where the run starts: the orchestrator runs what it is sent.
    if (o.allowOnly === false) selectTests([plan], { allowOnly: false });
    const server = plan.spec.webServer;
    if (server && o.webServerWarning !== false) {
      // Neither side starts it: workers must never run a plan's shell command, and one started here is
      // rarely where the workers can reach it.
      o.warn?.(`the plan's webServer is not started with --remote, neither here nor on the workers: they reach ${withoutCredentials(plan.spec.baseUrl ?? server.url)} as written. Start the server where the workers can reach it (and point baseUrl there), or run without --remote.`);
    }
    const bundle = await bundlePlan(plan, o.cwd, await readFile(path.resolve(o.cwd, plan.file), 'utf8'));
    const { target, plans: _p, cwd: _c, reporters: _r, store: _s, signal: _g, allowOnly: _a, warn: _w, webServerWarning: _ws, reconnectMs: _rc, ...filters } = o;
    const { runId } = await submitRun(target, { bundle, ...filters });
    // The run id names the folder its artifacts go in: `../..` from an orchestrator would move it anywhere.
    if (!isPlainRunId(runId)) throw new AitestError('INFRA', `The orchestrator answered with a run id that is not a plain name: ${JSON.stringify(String(runId)).slice(0, 80)}.`, { hint: 'Is --remote an aitest orchestrator (aitest serve)? Nothing was written here.' });
    const roots = writeRoots(o.cwd, runId, plan.file);

    const bus = createRunPipeline({ store: o.store, subscribers: o.reporters });
    const stop = (): void => void remoteAction(target, 'stop', runId).catch(() => {});
    o.signal.addEventListener('abort', stop, { once: true });
    let summary: RunSummary | undefined;
    // The orchestrator could not save the run's results (its disk full): said in the run's last log line.
    let remoteStoreError: AitestError | undefined;
    // In order, each result's artifacts fetched before reporters see it: reports embed and link them.
    let chain: Promise<void> = Promise.resolve();
    try {
      await followRun(target, runId, (e) => {
        chain = chain.then(async () => {
          let event = e;
          if (e.type === 'test:end') {
            const { kept, warnings } = await fetchArtifacts(target, runId, e.result.artifacts, o.cwd, roots);
            for (const warning of warnings) bus.emit(warning);
            // A refused path is not named either: reports read and embed the files results name.
            if (kept.length !== e.result.artifacts.length) event = { ...e, result: { ...e.result, artifacts: kept } };
          }
          if (event.type === 'run:end') summary = event.summary;
          if (event.type === 'run:log' && event.code === 'STORE') {
            // Printed once, as the run's error, when it is over (as a local store failure is).
            remoteStoreError = new AitestError('STORE', event.message, { hint: 'Free space for the orchestrator\'s results database (aitest serve --db), then run again; results it kept are in its store and here.' });
            return;
          }
          bus.emit(event);
        });
      }, 0, o.reconnectMs === undefined ? {} : { reconnectMs: o.reconnectMs });
      await chain;
    } finally {
      o.signal.removeEventListener('abort', stop);
      await bus.close();
    }
    if (!summary) throw new AitestError('INFRA', `The event stream of run ${runId} ended without the run's end.`);
    const storeError = remoteStoreError ?? bus.storeError();
    return storeError === undefined ? { summary } : { summary, storeError };
  } finally {
    await o.store.close().catch(() => {});
  }
}

/**
 * Writes a result's artifacts here, where their paths say, when that is under the run's artifacts folder or
 * the plan's baselines (client-writes.ts); any other path is refused unfetched. Both become warnings.
 */
async function fetchArtifacts(t: RemoteTarget, runId: string, artifacts: ArtifactRef[], cwd: string, roots: WriteRoots): Promise<{ kept: ArtifactRef[]; warnings: RunEvent[] }> {
  const warnings: RunEvent[] = [];
  const kept: ArtifactRef[] = [];
  const warn = (message: string): void => void warnings.push({ type: 'run:log', level: 'warn', message, at: Date.now() });
  for (const a of artifacts) {
    const root = typeof a.path === 'string' ? rootOf(a.path, roots, cwd) : undefined;
    if (!root) {
      const where = [roots.artifacts, roots.baselines].map((r) => `${path.relative(cwd, r).split(path.sep).join('/')}/`).join(' or ');
      warn(`the orchestrator named an artifact at ${JSON.stringify(a.path)}, outside ${where}: not written`);
      continue;
    }
    let body: Buffer;
    try {
      body = await downloadArtifact(t, runId, a.path);
    } catch (e) {
      // Still named: it is on the orchestrator (or stayed on its worker), and reports say it is not here.
      kept.push(a);
      warn(`artifact ${JSON.stringify(a.path)} could not be fetched from the orchestrator: ${(e as Error).message}`);
      continue;
    }
    try {
      await writeBelow(root, path.resolve(cwd, a.path), body);
      kept.push(a);
    } catch (e) {
      // Not named: what is at that path (a symlink's target) is not the artifact.
      warn(`artifact ${JSON.stringify(a.path)} from the orchestrator was not written: ${(e as Error).message}`);
    }
  }
  return { kept, warnings };
}

/** A URL as a warning may show it: no user or password. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
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

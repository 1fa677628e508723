// `--reporter blob:DIR`: the run's events as NDJSON in DIR, one file per run (per CI shard), for
// `aitest merge` to put the shards back together: into the store and into any reporter (html, junit, json).
// Lines are appended with each batch, so a shard that crashes keeps every test it finished.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AitestError } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import { blobHead, encodeLine } from '../events/wire.js';
import { resolveReportPath } from './output.js';
import type { Reporter, ReporterFactory } from './types.js';

// What a merged run needs: the live-only events (test:start, test:step) are not kept, as in the store.
const KEPT = new Set<RunEvent['type']>(['run:start', 'test:end', 'test:metric', 'run:log', 'run:end']);

export const createBlobReporter: ReporterFactory = (options, ctx): Reporter => {
  if (!options.file) {
    throw new AitestError('USAGE', 'The blob reporter needs a folder: --reporter blob:DIR.', { hint: 'For example --reporter blob:blob-report, then `aitest merge blob-report`.' });
  }
  const dir = resolveReportPath(options.file, ctx);
  let file: string | undefined;
  let text = '';
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;
  // Appends run one after another, off the run's path: later reporters do not wait for the disk.
  const append = (step: () => Promise<void>): void => {
    writing = writing.then(step).catch((e: unknown) => {
      failure ??= e;
    });
  };
  const flush = (): void => {
    if (!file || text === '') return;
    const batch = text;
    text = '';
    const target = file;
    append(() => appendFile(target, batch));
  };
  return {
    onEvent(e) {
      if (!KEPT.has(e.type)) return;
      if (e.type === 'run:start') {
        const shard = e.run.shard ? `shard-${e.run.shard.index}-of-${e.run.shard.total}-` : '';
        file = path.join(dir, `${shard}${e.run.id}.ndjson`);
        const head = blobHead();
        const target = file;
        append(async () => {
          await mkdir(dir, { recursive: true });
          await appendFile(target, head);
        });
      }
      text += encodeLine(e);
    },
    sync: flush,
    async close() {
      flush();
      await writing;
      if (failure !== undefined) throw failure;
    },
  };
};

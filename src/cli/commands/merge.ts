// `aitest merge DIR...`: the blobs of a sharded run (`--reporter blob:DIR` on each shard) as one run, into
// the store and through any reporter, e.g. `-o report.html` or `--reporter junit:results.xml`.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AitestError, exitCodeForError, exitCodeForRun } from '../../errors.js';
import { MergeError, mergeShards, type ShardEvents } from '../../events/merge.js';
import type { RunEvent, RunStatus } from '../../events/types.js';
import { BLOB_VERSION, decodeBlob } from '../../events/wire.js';
import { createReporter } from '../../reporters/registry.js';
import type { ReporterContext } from '../../reporters/types.js';
import { createRunPipeline } from '../../runner/pipeline.js';
import { createRunId } from '../../runner/run-meta.js';
import { startStoreWriter } from '../../store/writer-thread.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';

export interface MergeOptions {
  reporter?: string[];
  /** A report file whose kind follows from its extension: .html, .xml (JUnit) or .json. */
  output?: string;
  db: string;
}

const BY_EXTENSION: Record<string, string> = { '.html': 'html', '.htm': 'html', '.xml': 'junit', '.json': 'json' };

export async function mergeCommand(inputs: string[], opts: MergeOptions, cli: CliContext): Promise<number> {
  try {
    const files = await blobFiles(inputs, cli.cwd);
    const shards = await Promise.all(files.map((f) => readBlob(f, cli.cwd)));
    let events: RunEvent[];
    try {
      events = mergeShards(shards, createRunId());
    } catch (e) {
      if (e instanceof MergeError) throw new AitestError('USAGE', e.message, e.hint === undefined ? {} : { hint: e.hint });
      throw e;
    }
    const specs = [...(opts.reporter ?? []), ...(opts.output ? [outputSpec(opts.output)] : [])];
    const rctx: ReporterContext = { stdout: cli.stdout, stderr: cli.stderr, colors: cli.colors, cwd: cli.cwd, env: cli.env };
    const reporters = await Promise.all(specs.map((s) => createReporter(s, rctx)));
    // The merged run on the terminal too, unless a terminal reporter was named.
    if (!reporters.some((r) => r.ownsTerminal)) reporters.unshift(await createReporter('list', rctx));
    const store = startStoreWriter(path.resolve(cli.cwd, opts.db));
    let failure: unknown;
    try {
      await store.ready;
      const bus = createRunPipeline({ store, subscribers: reporters, onError: (error) => (failure ??= error) });
      for (const e of events) bus.emit(e);
      await bus.close();
    } finally {
      await store.close();
    }
    if (failure !== undefined) throw failure;
    const end = events.at(-1);
    const status: RunStatus = end?.type === 'run:end' ? end.summary.status : 'failed';
    return exitCodeForRun(status);
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}

function outputSpec(file: string): string {
  const kind = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!kind) throw new AitestError('USAGE', `-o ${file}: the report kind follows from the extension, .html, .xml (JUnit) or .json.`, { hint: 'Or name the reporter: --reporter junit:results.xml.' });
  return `${kind}:${file}`;
}

/** The blob files of each argument: a folder's *.ndjson (sorted), or a file as given. */
async function blobFiles(inputs: string[], cwd: string): Promise<string[]> {
  if (inputs.length === 0) throw new AitestError('USAGE', 'Give the folders the shards wrote with --reporter blob:DIR.', { hint: 'aitest merge blob-report -o report.html' });
  const files: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const kind = await stat(abs).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => undefined);
    if (kind === undefined) throw new AitestError('NOT_FOUND', `${input} does not exist.`, { hint: 'Pass the folders given to --reporter blob:DIR.' });
    if (kind === 'file') files.push(abs);
    else files.push(...(await readdir(abs)).filter((f) => f.endsWith('.ndjson')).sort().map((f) => path.join(abs, f)));
  }
  return files;
}

async function readBlob(file: string, cwd: string): Promise<ShardEvents> {
  const source = path.relative(cwd, file) || file;
  const blob = decodeBlob(await readFile(file, 'utf8'));
  if (blob.ok) return { source, events: blob.events };
  if (blob.problem === 'not-a-blob') throw new AitestError('USAGE', `${source} is not an aitest blob (written by --reporter blob:DIR).`);
  if (blob.problem === 'version') throw new AitestError('USAGE', `${source} is a blob of format version ${String(blob.version)}; this aitest reads version ${BLOB_VERSION}.`, { hint: 'Merge with the aitest version that wrote it.' });
  throw new AitestError('USAGE', `${source}:${blob.line}: not a JSON event; the blob is damaged.`);
}

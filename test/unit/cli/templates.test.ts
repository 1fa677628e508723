// The GitHub Actions templates are YAML that runs what aitest offers: the sharded one splits with
// --shard i/n over its matrix, writes blobs, and merges exactly the folder the shards uploaded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';

type Workflow = { jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: { run?: string; with?: Record<string, unknown> }[] }> };
const load = (name: string): Workflow => parse(readFileSync(path.join(repoRoot, 'templates', name), 'utf8')) as Workflow;

it('the sharded workflow runs every shard of its matrix into a blob and merges them', () => {
  const wf = load('github-workflow-sharded.yml');
  const shards = wf.jobs.shard.strategy!.matrix.shard;
  const run = wf.jobs.shard.steps.find((s) => s.run?.includes('aitest run'))!.run!;
  const split = /--shard \$\{\{ matrix\.shard \}\}\/(\d+)/.exec(run);
  expect(split, run).not.toBeNull();
  expect(shards).toEqual(Array.from({ length: Number(split![1]) }, (_, i) => i + 1));
  const blobDir = /--reporter blob:(\S+)/.exec(run)![1];
  const upload = wf.jobs.shard.steps.find((s) => s.with?.path !== undefined)!;
  expect(upload.with!.path).toBe(`${blobDir}/`);
  const download = wf.jobs.merge.steps.find((s) => s.with?.pattern !== undefined)!;
  expect(download.with).toMatchObject({ path: blobDir, 'merge-multiple': true });
  expect(wf.jobs.merge.steps.some((s) => s.run?.includes(`aitest merge ${blobDir}`))).toBe(true);
});

it('the single-machine workflow runs the plan aitest init writes', () => {
  const wf = load('github-workflow.yml');
  expect(Object.values(wf.jobs)[0].steps.some((s) => s.run?.includes('npx aitest run aitest.yaml'))).toBe(true);
});

// `aitest init`: copies the starter plan and GitHub Actions workflow from templates/.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';

const FILES: { template: string; target: string }[] = [
  { template: 'aitest.yaml', target: 'aitest.yaml' },
  { template: 'github-workflow.yml', target: '.github/workflows/aitest.yml' },
];

export async function initCommand(opts: { force?: boolean }, cli: CliContext): Promise<number> {
  const templates = new URL('../../../templates/', import.meta.url);
  let wrote = 0;
  for (const f of FILES) {
    const target = path.join(cli.cwd, f.target);
    const exists = await access(target).then(() => true, () => false);
    if (exists && !opts.force) {
      cli.stdout.write(`skip   ${f.target} (exists; --force to overwrite)\n`);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await readFile(new URL(f.template, templates), 'utf8'));
    cli.stdout.write(`create ${f.target}\n`);
    wrote++;
  }
  cli.stdout.write(wrote ? '\nNext: edit aitest.yaml, then run `npx aitest run aitest.yaml`.\n' : '');
  return ExitCode.passed;
}

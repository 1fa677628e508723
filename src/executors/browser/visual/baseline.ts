// Where a visual test's baseline lives, and reading and writing it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestCase } from '../../../plan/types.js';

const DEFAULT_BROWSER = 'chromium';

/** `Home Page!` → `home-page`: a file name that is the same on every OS and case-insensitive file system. */
export function slugify(text: string): string {
  const slug = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return slug || 'unnamed';
}

/**
 * `<plan dir>/__screenshots__/<plan>/<test>[-<name>]-<project>.png`, relative to the current directory like
 * `test.file`. Beside the plan, so baselines are committed and reviewed with it; per project, because two
 * browsers or devices never render alike. `name` tells several screenshots of one test apart.
 */
export function baselinePath(test: Pick<TestCase, 'file' | 'plan' | 'name' | 'project'>, name?: string): string {
  const project = test.project ? [test.project.browser, test.project.device].filter(Boolean).join('-') : DEFAULT_BROWSER;
  const parts = [test.name, ...(name === undefined ? [] : [name]), project].map(slugify);
  const file = path.join(path.dirname(test.file), '__screenshots__', slugify(test.plan), `${parts.join('-')}.png`);
  // Forward slashes: the path shows up in messages and reports, which read the same on every OS.
  return file.split(path.sep).join('/');
}

/** The baseline's bytes, or undefined when there is none yet. */
export async function readBaseline(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Written to a temporary file and renamed: a run stopped half-way never leaves a truncated baseline behind. */
export async function writeBaseline(file: string, png: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, png);
  await rename(tmp, file);
}

// Temp directories with plan files written inline by each test; removed after the test file.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { AitestError, type PlanIssue } from '../../../src/errors.js';
import { loadPlan } from '../../../src/plan/load.js';

/** A fresh directory for this test file; `write` puts files in it and returns their relative path. */
export function tempDir(): { dir: string; write(name: string, text: string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'aitest-plan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
      return name;
    },
  };
}

/** Loads a plan that must fail, and returns the AitestError it failed with. */
export async function loadError(file: string, cwd: string): Promise<AitestError> {
  try {
    await loadPlan(file, cwd);
  } catch (e) {
    if (e instanceof AitestError) return e;
    throw e;
  }
  throw new Error(`expected ${file} to fail loading`);
}

/** The issues of a failing plan, keyed by path, for compact assertions. */
export async function issuesOf(file: string, cwd: string): Promise<PlanIssue[]> {
  const e = await loadError(file, cwd);
  expectCode(e, 'PLAN_INVALID');
  return e.issues ?? [];
}

function expectCode(e: AitestError, code: string): void {
  if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`);
}

/** The one issue at `path`; fails when there is none. */
export function issueAt(issues: PlanIssue[], path: string): PlanIssue {
  const found = issues.find((i) => i.path === path);
  if (!found) throw new Error(`no issue at ${path}; issues: ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`);
  return found;
}

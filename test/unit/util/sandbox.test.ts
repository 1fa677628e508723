// The job's bundle is all a plan reaches on a remote worker: `..`, absolute paths, a sibling folder that
// shares the bundle's name as a prefix, and a symlink inside the bundle that leads out are all refused.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { bundleSandbox, LOCAL_SANDBOX } from '../../../src/util/sandbox.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'aitest-sandbox-'));
const bundle = path.join(base, 'run1');
mkdirSync(path.join(bundle, 'plans'), { recursive: true });
mkdirSync(path.join(base, 'run10'));
writeFileSync(path.join(base, 'secret.txt'), 'outside');
writeFileSync(path.join(bundle, 'plans', 'body.json'), '{}');
symlinkSync(path.join(base, 'secret.txt'), path.join(bundle, 'plans', 'link.txt'));
symlinkSync(base, path.join(bundle, 'plans', 'up'));
const plan = path.join(bundle, 'plans', 'plan.yaml');

const refusal = (file: string): AitestError => {
  try {
    bundleSandbox(bundle).file(file, plan, '`upload` file');
  } catch (e) {
    if (e instanceof AitestError) return e;
    throw e;
  }
  throw new Error(`${file} was let through`);
};

describe('bundleSandbox', () => {
  it('resolves files inside the bundle; refuses `..`, absolute paths, a look-alike sibling and symlinks that lead out', () => {
    const s = bundleSandbox(bundle);
    expect(s.file('body.json', plan, 'x')).toBe(path.join(bundle, 'plans', 'body.json'));
    expect(s.file('../plans/body.json', plan, 'x')).toBe(path.join(bundle, 'plans', 'body.json'));
    // A file not written yet (a first visual baseline) is fine where it would be inside.
    expect(s.file('__screenshots__/p/a.png', plan, 'x')).toBe(path.join(bundle, 'plans', '__screenshots__', 'p', 'a.png'));
    const e = refusal('../../secret.txt');
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.message).toBe('`upload` file "../../secret.txt" is outside the plan\'s folder, which is all a remote worker reads');
    expect(e.hint).toMatch(/relative to the plan.*aitest run --remote/);
    expect(refusal('/etc/passwd').message).toMatch(/^`upload` file "\/etc\/passwd" is outside/);
    // run10 starts with run1's path: still another folder.
    expect(refusal('../../run10/x').message).toMatch(/is outside/);
    // Through a symlink in the bundle, to a file or through a folder.
    expect(refusal('link.txt').message).toMatch(/^`upload` file "link\.txt" is outside/);
    expect(refusal('up/secret.txt').message).toMatch(/^`upload` file "up\/secret\.txt" is outside/);
    // Locally anything goes, beside the plan.
    expect(LOCAL_SANDBOX.file('link.txt', plan, 'x')).toBe(path.join(bundle, 'plans', 'link.txt'));
  });
});

// Which packages a source file loads up front: its `import … from` lines (not `import type`, not
// `await import()`), followed through relative imports. For tests that keep start-up light.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

export function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/^import (?!type )(?:[^;]*? from )?'([^']+)';/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) {
      for (const p of staticPackages(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), seen)) packages.add(p);
    } else if (!spec.startsWith('node:')) {
      packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return packages;
}

// The per-worker memo of compiled regexes, JSONPaths and schemas that assertions share.
import { compilePath } from './json-path-query.js';
import { compileRegex } from './regex.js';
import { createSchemaCompiler } from './schema-compiler.js';
import type { AssertionCache, CompiledPath } from './types.js';

// Templates can make patterns unique per test (faker data); past this many entries the memo starts over.
const MAX_ENTRIES = 2000;

function memo<V>(make: (key: string) => V): (key: string) => V {
  const map = new Map<string, V>();
  return (key) => {
    let v = map.get(key);
    if (v === undefined) {
      v = make(key);
      if (map.size >= MAX_ENTRIES) map.clear();
      map.set(key, v);
    }
    return v;
  };
}

export function createAssertionCache(): AssertionCache {
  return {
    regex: memo<RegExp>(compileRegex),
    path: memo<CompiledPath>(compilePath),
    schema: createSchemaCompiler(),
  };
}

// YAML plans on the fast path: js-yaml reads the data (~15x faster than the `yaml` package on big plans)
// and notes where each test starts; the position-keeping `yaml` parser runs only when there is a syntax
// error or a validation issue to point at.
import jsyaml from 'js-yaml';
import type { PlanSource } from './plan-source.js';
import { fastPathSource } from './fast-source.js';
import { parseYamlPlan } from './yaml-source.js';

// YAML 1.2 core types (no timestamps turning into Dates) plus `<<` merges, as the `yaml` parser is configured.
// `types` is exported at run time but missing from @types/js-yaml.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

export function parseYamlPlanFast(text: string, file: string): PlanSource {
  const read = readWithJsYaml(text);
  // The `yaml` parser explains the syntax error with its position (or reads what js-yaml refused).
  if (!read) return parseYamlPlan(text, file);
  return fastPathSource(text, file, read.value, () => read.testOffsets);
}

/** The document as js-yaml reads it, with the offset where each top-level test starts; undefined if it can't. */
export function readWithJsYaml(text: string): { value: unknown; testOffsets: number[] } | undefined {
  const testOffsets: number[] = [];
  // Depth of the node being composed: the root map is 0, its keys and values 1, the tests 2.
  let depth = 0;
  let lastRootKey: unknown;
  let inTests = false;
  try {
    const value = jsyaml.load(text, {
      schema: SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          if (depth === 1) inTests = lastRootKey === 'tests';
          else if (depth === 2 && inTests) testOffsets.push(state.position);
          depth++;
        } else {
          depth--;
          if (depth === 1) lastRootKey = inTests ? undefined : state.result;
          if (depth === 1 && inTests) inTests = false;
        }
      },
    });
    return { value, testOffsets };
  } catch {
    return undefined;
  }
}

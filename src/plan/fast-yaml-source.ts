// YAML plans on the fast path: js-yaml reads the data (~15x faster than the `yaml` package on big plans)
// and notes where each test starts; the position-keeping `yaml` parser runs only when there is a syntax
// error or a validation issue to point at.
import jsyaml from 'js-yaml';
import type { PlanSource } from './plan-source.js';
import { fastPathSource } from './fast-source.js';
import { flowDepthOffset, locationAt, MAX_PLAN_DEPTH, tooDeep } from './plan-bounds.js';
import { parseYamlPlan } from './yaml-source.js';

// YAML 1.2 core types (no timestamps turning into Dates) plus `<<` merges, as the `yaml` parser is configured.
// `types` is exported at run time but missing from @types/js-yaml.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

export function parseYamlPlanFast(text: string, file: string): PlanSource {
  const read = readJsYaml(text);
  // js-yaml ran out of stack: when the flow style is what nests, say where without a slower parser
  // running out of stack too (200,000 levels of `[` took the `yaml` parser 1.5 s to refuse).
  if (read === 'too deep') {
    const offset = flowDepthOffset(text, MAX_PLAN_DEPTH);
    if (offset !== undefined) throw tooDeep(file, locationAt(text, offset, file));
  }
  // The `yaml` parser explains the syntax error with its position (or reads what js-yaml refused).
  if (typeof read !== 'object') return parseYamlPlan(text, file);
  return fastPathSource(text, file, read.value, () => read.testOffsets);
}

function readJsYaml(text: string): { value: unknown; testOffsets: number[] } | 'too deep' | 'unread' {
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
  } catch (e) {
    // js-yaml reads nested nodes by recursion.
    return e instanceof RangeError ? 'too deep' : 'unread';
  }
}

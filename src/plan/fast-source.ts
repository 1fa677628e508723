// A plan source read on a fast path (JSON.parse, js-yaml) that borrows precise locations from the
// position-keeping `yaml` parser only when an issue has to be pointed at.
import type { PlanSource } from './plan-source.js';
import { lineStartsOf, positionOf } from './text-position.js';
import { parseYamlPlan } from './yaml-source.js';

/** `testOffsets` gives where each top-level test starts in `text`; it is asked only for test locations. */
export function fastPathSource(text: string, file: string, raw: unknown, testOffsets: () => number[]): PlanSource {
  let precise: PlanSource | undefined;
  return {
    raw,
    locate(path) {
      precise ??= parseYamlPlan(text, file);
      return precise.locate(path);
    },
    testLocations(count) {
      const starts = lineStartsOf(text);
      const offsets = testOffsets();
      return Array.from({ length: count }, (_, i) => positionOf(starts, skipBlanks(text, offsets[i] ?? 0)));
    },
  };
}

function skipBlanks(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

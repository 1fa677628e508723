// "Did you mean …?": the closest known word to a misspelt one, only when it is close.
import { distance } from 'fastest-levenshtein';

/** The candidate closest to `input`, or undefined when none is close enough to be a likely typo. */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  // Allow about one edit per three letters: `timout` → `timeout`, `expcet` → `expect`, not `url` → `body`.
  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit && best !== input ? best : undefined;
}

/** `did you mean \`timeout\`?`, or undefined. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const m = closestMatch(input, candidates);
  return m === undefined ? undefined : `did you mean \`${m}\`?`;
}

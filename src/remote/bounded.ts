// A Redis call that must not hold up a stop, a shutdown or the end of a run while Redis is away: given
// up after `ms`, with `fallback` as its answer.
export function bounded<T>(p: Promise<T>, fallback: T, ms = 3_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.catch(() => fallback),
    new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms))),
  ]).finally(() => clearTimeout(timer));
}

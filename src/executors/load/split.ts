// A distributed load test's share for one generator: VUs, rates and iteration counts divided among the
// parts (the remainder to the first ones), so that together they make the load the plan asks for.
import type { LoadTestSpec } from '../../plan/types.js';

/** Part `i` of `n` (0-based). A part with nothing to do (more parts than VUs) is undefined. */
export function splitLoad(spec: LoadTestSpec, n: number, i: number): LoadTestSpec | undefined {
  const share = (x: number | undefined): number | undefined => (x === undefined ? undefined : Math.floor(x / n) + (i < x % n ? 1 : 0));
  const part: LoadTestSpec = { ...spec };
  delete part.distribute;
  const set = <K extends keyof LoadTestSpec>(k: K, v: LoadTestSpec[K] | undefined): void => {
    if (v === undefined) delete part[k];
    else part[k] = v;
  };
  set('vus', share(spec.vus));
  set('startVUs', share(spec.startVUs));
  set('iterations', share(spec.iterations));
  set('rate', share(spec.rate));
  set('startRate', share(spec.startRate));
  set('preAllocatedVUs', share(spec.preAllocatedVUs));
  set('maxVUs', share(spec.maxVUs));
  set('connections', share(spec.connections));
  if (spec.stages) part.stages = spec.stages.map((s) => ({ ...s, target: share(s.target)! }));
  // Nothing left to run in this part: fewer VUs (or a lower rate) than parts.
  const work = [part.vus, part.startVUs, part.rate, part.startRate, ...(part.stages ?? []).map((s) => s.target)].filter((x) => x !== undefined);
  if (work.length > 0 && work.every((x) => x === 0)) return undefined;
  if (part.iterations === 0 || part.vus === 0 || (part.maxVUs !== undefined && part.maxVUs === 0)) return undefined;
  // A part keeps at least one VU ready and the default connection count rather than none.
  if (part.preAllocatedVUs === 0) part.preAllocatedVUs = 1;
  if (part.connections === 0) delete part.connections;
  return part;
}

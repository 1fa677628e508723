// Paths into a plan: segments for lookups, and the `tests[3].expect.status` form users read.
export type PlanPath = (string | number)[];

const BARE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['tests', 3, 'expect', 'status']` → `tests[3].expect.status`; odd keys as `jsonPath["$.id"]`. */
export function formatPath(path: PlanPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (BARE_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(plan)' : out;
}

/** A JSON pointer (`/tests/3/name`) as segments, with list indexes as numbers (read off `data`). */
export function pointerToPath(pointer: string, data: unknown): PlanPath {
  if (pointer === '') return [];
  const path: PlanPath = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const i = Number(key);
      path.push(i);
      node = node[i];
    } else {
      path.push(key);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

// JSON pointers (RFC 6901): how messages say where in the document a schema or an operation is.

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `#/paths` + `/api/users` → `#/paths/~1api~1users`. */
export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  let out = pointer;
  for (const t of tokens) out += `/${escapeToken(String(t))}`;
  return out;
}

/** The value at a local `#/a/b` reference in `doc`, or undefined. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const body = ref.slice(1);
  if (body === '') return doc;
  let node: unknown = doc;
  for (const raw of body.split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

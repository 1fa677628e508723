// How values that are not plain columns (expected/actual, labels, tags) are kept: JSON text, NULL for "absent".

/** NULL for undefined so `expected` that was never given reads back as absent, while `null` reads back as null. */
export function encodeJson(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    // Events are plain data by contract; a BigInt or a cycle slipping through must not lose the whole result.
    return JSON.stringify(String(value));
  }
}

export function decodeJson<T = unknown>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

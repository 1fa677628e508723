// Worker-scoped resources (HTTP agents, browsers): opened once on first use, closed in reverse at the end.

export interface ResourceScope {
  get<T>(key: string, open: () => Promise<T>, close?: (value: T) => Promise<void>): Promise<T>;
  /** Closes everything opened, newest first; errors are collected, not thrown one by one. */
  closeAll(): Promise<Error[]>;
}

export function createResourceScope(): ResourceScope {
  const opened = new Map<string, { value: Promise<unknown>; close?: (value: never) => Promise<void> }>();
  return {
    get<T>(key: string, open: () => Promise<T>, close?: (value: T) => Promise<void>): Promise<T> {
      let entry = opened.get(key);
      if (!entry) {
        const value = open();
        // A failed open is forgotten so the next test can try again (e.g. a browser relaunch).
        value.catch(() => opened.delete(key));
        entry = { value, close: close as ((value: never) => Promise<void>) | undefined };
        opened.set(key, entry);
      }
      return entry.value as Promise<T>;
    },
    async closeAll(): Promise<Error[]> {
      const errors: Error[] = [];
      for (const [, entry] of [...opened].reverse()) {
        try {
          const v = await entry.value;
          await entry.close?.(v as never);
        } catch (e) {
          errors.push(e instanceof Error ? e : new Error(String(e)));
        }
      }
      opened.clear();
      return errors;
    },
  };
}

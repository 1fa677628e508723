// Persists the event stream through the Store. The runner adds it itself; it is not a --reporter name.
import type { Store } from '../store/types.js';
import type { Reporter } from './types.js';

/**
 * The event bus calls `sync` after each batch, before any reporter sees it: finished tests are committed
 * (one transaction per batch) before they are printed. The store is closed by whoever opened it.
 */
export function createStoreReporter(store: Store): Reporter & { sync(): void } {
  return {
    onEvent: (event) => store.write(event),
    sync: () => store.flush(),
    close: async () => store.flush(),
  };
}

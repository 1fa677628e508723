// Persists the event stream through the Store. The runner adds it itself; it is not a --reporter name.
import type { Store } from '../store/types.js';
import type { Reporter } from './types.js';

/**
 * Writes are synchronous and committed before onEvent returns, so a finished test is on disk
 * before the next event is handled. The store is closed by whoever opened it, not here.
 */
export function createStoreReporter(store: Store): Reporter {
  return {
    onEvent: (event) => store.write(event),
  };
}

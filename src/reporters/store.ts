// Persists the event stream through the results store. The runner adds it itself; it is not a --reporter name.
import type { RunEvent } from '../events/types.js';
import type { Reporter } from './types.js';

/** The writing half of the store: the Store itself, or the run's writer thread. */
export interface EventSink {
  write(event: RunEvent): void;
  flush(): void | Promise<void>;
}

/**
 * The event bus calls `sync` after each batch and holds the batch back from later subscribers until
 * it settles: finished tests are committed (one transaction per batch) before any reporter prints them.
 * The sink is closed by whoever opened it.
 */
export function createStoreReporter(sink: EventSink): Reporter {
  return {
    onEvent: (event) => sink.write(event),
    sync: () => sink.flush(),
    close: async () => sink.flush(),
  };
}

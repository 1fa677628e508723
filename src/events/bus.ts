// Fans RunEvents out to subscribers; a subscriber that throws is isolated and reported once.
import type { RunEvent } from './types.js';

export interface Subscriber {
  onEvent(event: RunEvent): void | Promise<void>;
  close?(): Promise<void>;
}

export interface EventBus {
  emit(event: RunEvent): void;
  /** Waits for pending async handlers, then closes every subscriber (in order). */
  close(): Promise<void>;
}

export function createEventBus(subscribers: Subscriber[], onError: (error: unknown, index: number) => void): EventBus {
  const pending = new Set<Promise<void>>();
  const failed = new Set<number>();
  const fail = (e: unknown, i: number): void => {
    if (failed.has(i)) return;
    failed.add(i);
    onError(e, i);
  };
  return {
    emit(event) {
      for (let i = 0; i < subscribers.length; i++) {
        if (failed.has(i)) continue;
        try {
          const r = subscribers[i].onEvent(event);
          if (r && typeof (r as Promise<void>).then === 'function') {
            const p = (r as Promise<void>).catch((e) => fail(e, i)).finally(() => pending.delete(p));
            pending.add(p);
          }
        } catch (e) {
          fail(e, i);
        }
      }
    },
    async close() {
      await Promise.all(pending);
      for (let i = 0; i < subscribers.length; i++) {
        try {
          await subscribers[i].close?.();
        } catch (e) {
          fail(e, i);
        }
      }
    },
  };
}

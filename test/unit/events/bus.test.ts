import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src/events/bus.js';
import type { RunEvent } from '../../../src/events/types.js';

const log: RunEvent = { type: 'run:log', level: 'info', message: 'hi', at: 0 };

describe('event bus', () => {
  it('isolates a subscriber that throws: others keep receiving, the error is reported once', async () => {
    const got: string[] = [];
    const errors: number[] = [];
    const bus = createEventBus(
      [
        { onEvent: () => { throw new Error('broken reporter'); } },
        { onEvent: (e) => void got.push(e.type) },
        { onEvent: async () => { throw new Error('async broken'); } },
      ],
      (_e, i) => errors.push(i),
    );
    bus.emit(log);
    bus.emit(log);
    await bus.close();
    expect(got).toEqual(['run:log', 'run:log']);
    expect(errors.sort()).toEqual([0, 2]);
  });

  it('close waits for pending async handlers before closing subscribers', async () => {
    const order: string[] = [];
    const bus = createEventBus(
      [{ onEvent: () => new Promise<void>((r) => setTimeout(() => { order.push('handled'); r(); }, 20)), close: async () => void order.push('closed') }],
      () => {},
    );
    bus.emit(log);
    await bus.close();
    expect(order).toEqual(['handled', 'closed']);
  });

  it('delivers queued events as one batch: the first subscriber syncs before later ones see anything', async () => {
    const log: string[] = [];
    const bus = createEventBus(
      [
        { onEvent: (e) => void log.push(`store ${e.type}`), sync: () => void log.push('store sync') },
        { onEvent: (e) => void log.push(`reporter ${e.type}`) },
      ],
      () => {},
    );
    bus.emit({ type: 'run:log', level: 'info', message: 'a', at: 0 });
    bus.emit({ type: 'run:log', level: 'warn', message: 'b', at: 0 });
    expect(log).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    expect(log).toEqual(['store run:log', 'store run:log', 'store sync', 'reporter run:log', 'reporter run:log']);
    await bus.close();
  });
});

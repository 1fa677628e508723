import { describe, expect, it, vi } from 'vitest';
import { createEventBus, type Subscriber } from '../../../src/events/bus.js';
import type { RunEvent } from '../../../src/events/types.js';

const log: RunEvent = { type: 'run:log', level: 'info', message: 'hi', at: 0 };
/** A subscriber whose handler takes 20 ms; it records when each event is handled and when it is closed. */
const slowSubscriber = (order: string[]): Subscriber => ({
  onEvent: () => new Promise<void>((r) => setTimeout(() => { order.push('handled'); r(); }, 20)),
  close: async () => void order.push('closed'),
});

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
    const bus = createEventBus([slowSubscriber(order)], () => {});
    bus.emit(log);
    await bus.close();
    expect(order).toEqual(['handled', 'closed']);
  });

  it('drain delivers what is queued and waits for async handlers, and leaves the subscribers open', async () => {
    const order: string[] = [];
    const bus = createEventBus([slowSubscriber(order)], () => {});
    bus.emit(log);
    await bus.drain();
    expect(order).toEqual(['handled']);
    bus.emit(log);
    await bus.close();
    expect(order).toEqual(['handled', 'handled', 'closed']);
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
    await bus.drain();
    expect(log).toEqual(['store run:log', 'store run:log', 'store sync', 'reporter run:log', 'reporter run:log']);
    await bus.close();
  });
});

describe('event bus behind a slow subscriber', () => {
  it('hands what queued during a slow sync to every subscriber as one batch, in order', async () => {
    const batches: number[] = [];
    const seen: string[] = [];
    let pending = 0;
    let release: (() => void) | undefined;
    const bus = createEventBus(
      [
        {
          onEvent: () => void pending++,
          // The first commit takes until released; the ones after are immediate.
          sync: () => {
            batches.push(pending);
            pending = 0;
            return batches.length === 1 ? new Promise<void>((r) => (release = r)) : undefined;
          },
        },
        { onEvent: (e) => void seen.push((e as { message: string }).message) },
      ],
      () => {},
      { maxDelayMs: 1 },
    );
    bus.emit({ type: 'run:log', level: 'info', message: 'm0', at: 0 });
    await vi.waitFor(() => expect(release).toBeDefined());
    // While the first batch's commit is pending, events keep arriving over several flush timers.
    for (let i = 1; i <= 30; i++) {
      bus.emit({ type: 'run:log', level: 'info', message: `m${i}`, at: 0 });
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toEqual([]);
    release!();
    await bus.close();
    expect(batches).toEqual([1, 30]);
    expect(seen).toEqual(Array.from({ length: 31 }, (_, i) => `m${i}`));
  });
});

// Driving an ink app in ink-testing-library without racing its renders: keys go in once the app listens,
// and each assertion waits for the frame it expects, as long as a busy machine needs.
import { vi } from 'vitest';

const WAIT = { timeout: 15_000, interval: 10 };

/** Until the app has subscribed to key presses (ink does so in an effect after its first render). */
export const untilListening = (stdin: { listenerCount(event: string): number }): Promise<void> =>
  vi.waitFor(() => {
    if (stdin.listenerCount('readable') + stdin.listenerCount('data') === 0) throw new Error('the app does not listen to keys yet');
  }, WAIT);

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Retries `assertions` (expect calls on the latest frame) until they hold, then lets the render's effects
 * run (React queues them as the frame is written; ink subscribes its key handler anew in one), so the next
 * key meets the handler of the state just drawn.
 */
export async function untilFrame(assertions: () => void): Promise<void> {
  await vi.waitFor(assertions, WAIT);
  await turn();
  await turn();
}

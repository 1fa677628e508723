// The orchestrator's control channel as a worker hears it: `stop` aborts a run's jobs in flight, `forget`
// drops what the worker keeps for a finished run.
import type { Redis } from 'ioredis';
import type { Logger } from '../executors/types.js';
import { CONTROL_CHANNEL } from './queue.js';

export interface ControlHandlers {
  stop(runId: string): void;
  forget(runId: string): void;
}

/** Subscribes `subscriber` (a connection of its own: a subscribed one can do nothing else) to the channel. */
export async function listenForControl(subscriber: Redis, log: Logger, on: ControlHandlers): Promise<void> {
  await subscriber.subscribe(CONTROL_CHANNEL);
  subscriber.on('message', (_channel: string, message: string) => {
    // Anyone who can PUBLISH on Redis can send anything here: what is not a control message is logged and
    // dropped, never thrown (a throw in this listener would end the worker).
    const m = controlMessage(message);
    if (!m) {
      log.warn('ignored a malformed control message', { channel: CONTROL_CHANNEL, length: message.length });
      return;
    }
    if (m.stop) on.stop(m.stop);
    if (m.forget) on.forget(m.forget);
  });
}

/** A message of the control channel, or undefined for anything else (not JSON, not an object, fields not strings). */
function controlMessage(text: string): { stop?: string; forget?: string } | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  const { stop, forget } = m as Record<string, unknown>;
  if ((stop !== undefined && typeof stop !== 'string') || (forget !== undefined && typeof forget !== 'string')) return undefined;
  if (stop === undefined && forget === undefined) return undefined;
  return { ...(stop === undefined ? {} : { stop }), ...(forget === undefined ? {} : { forget }) };
}

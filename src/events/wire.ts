// NDJSON encoding of RunEvents: one JSON object per line (reporters, workers, the remote link).
import type { RunEvent } from './types.js';

export function encodeEvent(event: RunEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** Splits a chunk stream into events; keeps the trailing partial line for the next call. */
export function createEventDecoder(onEvent: (event: RunEvent) => void): (chunk: string) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk;
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) onEvent(JSON.parse(line) as RunEvent);
      nl = rest.indexOf('\n');
    }
  };
}

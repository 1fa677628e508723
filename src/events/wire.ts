// The one NDJSON codec of RunEvents, for everything that writes or reads them as text: blob files
// (`--reporter blob:DIR`) and `aitest merge`, and the orchestrator's event stream and its client.
// Blob files: a head line naming the format, then one event per line. The stream: one event per line
// with its offset in the run's log, so a client that lost the connection resumes where it stopped.
import type { RunEvent } from './types.js';

/** The first line of a blob file: what it is, so merge can refuse anything else. */
export const BLOB_FORMAT = 'aitest-blob';
export const BLOB_VERSION = 1;

/** One event of a run's stream and its place in the run's log. */
export interface StreamedEvent {
  offset: number;
  event: RunEvent;
}

/** A value as one NDJSON line. */
export function encodeLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export function blobHead(): string {
  return encodeLine({ format: BLOB_FORMAT, version: BLOB_VERSION });
}

/**
 * A streamed event as NDJSON, or as a server-sent event whose id is the offset. The event is JSON text
 * already (the orchestrator's log keeps it so), written as it is.
 */
export function encodeStored(s: { offset: number; event: string }, sse: boolean): string {
  return sse ? `id: ${s.offset}\ndata: ${s.event}\n\n` : `{"offset":${s.offset},"event":${s.event}}\n`;
}

/** Splits a chunk stream into lines and parses each; keeps the trailing partial line for the next chunk. */
export function createLineDecoder<T>(onValue: (value: T) => void): (chunk: string) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk;
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) onValue(JSON.parse(line) as T);
      nl = rest.indexOf('\n');
    }
  };
}

export type BlobReading =
  | { ok: true; events: RunEvent[] }
  | { ok: false; problem: 'not-a-blob' }
  | { ok: false; problem: 'version'; version: unknown }
  | { ok: false; problem: 'damaged'; line: number };

/** A blob file's text as events. The last line may be cut short (a shard killed mid-write) and is dropped. */
export function decodeBlob(text: string): BlobReading {
  const lines = text.split('\n');
  const head = parseLine(lines[0]) as { format?: string; version?: number } | undefined;
  if (head?.format !== BLOB_FORMAT) return { ok: false, problem: 'not-a-blob' };
  if (head.version !== BLOB_VERSION) return { ok: false, problem: 'version', version: head.version };
  const events: RunEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const e = parseLine(lines[i]) as RunEvent | undefined;
    if (e) events.push(e);
    else if (i < lines.length - 2) return { ok: false, problem: 'damaged', line: i + 1 };
  }
  return { ok: true, events };
}

function parseLine(line: string | undefined): unknown {
  try {
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
}

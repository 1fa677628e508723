// The NDJSON codec shared by blob files, merge, the orchestrator's event stream and its client.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/events/types.js';
import { blobHead, createLineDecoder, decodeBlob, encodeLine, encodeStored, type StreamedEvent } from '../../../src/events/wire.js';

const events: RunEvent[] = [
  { type: 'run:log', level: 'info', message: 'a line with a \n newline and ünïcode', at: 1 },
  { type: 'run:log', level: 'warn', message: '{"not": "a frame"}', at: 2 },
];

describe('wire codec', () => {
  it('a stream cut into chunks anywhere decodes to the same events and offsets', () => {
    const text = events.map((event, offset) => encodeStored({ offset, event: JSON.stringify(event) }, false)).join('');
    for (let size = 1; size <= text.length; size += 7) {
      const got: StreamedEvent[] = [];
      const decode = createLineDecoder<StreamedEvent>((s) => got.push(s));
      for (let i = 0; i < text.length; i += size) decode(text.slice(i, i + size));
      expect(got).toEqual(events.map((event, offset) => ({ offset, event })));
    }
  });

  it('server-sent events carry the offset as their id', () => {
    expect(encodeStored({ offset: 7, event: JSON.stringify(events[1]) }, true)).toBe(`id: 7\ndata: ${JSON.stringify(events[1])}\n\n`);
  });

  it('a blob cut short in its last line keeps the events before; damage elsewhere names the line', () => {
    const whole = blobHead() + events.map(encodeLine).join('');
    expect(decodeBlob(whole)).toEqual({ ok: true, events });
    expect(decodeBlob(whole.slice(0, -10))).toEqual({ ok: true, events: events.slice(0, 1) });
    const lines = whole.split('\n');
    lines[1] = '{ broken';
    expect(decodeBlob(lines.join('\n'))).toEqual({ ok: false, problem: 'damaged', line: 2 });
    expect(decodeBlob('{"format":"other"}\n')).toEqual({ ok: false, problem: 'not-a-blob' });
    expect(decodeBlob('{"format":"aitest-blob","version":9}\n')).toEqual({ ok: false, problem: 'version', version: 9 });
  });
});

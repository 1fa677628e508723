// Scrubbing a trace.zip: credential headers and cookies blanked, their values and the test's secrets gone
// from every text entry, images kept byte for byte.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { scrubTrace } from '../../../src/executors/browser/trace-scrub.js';
import { createRedactor } from '../../../src/worker/redactor.js';

const BASIC = Buffer.from('svc:basic-pass-31337').toString('base64');

function traceZip(): Uint8Array {
  const network = [
    { type: 'resource-snapshot', snapshot: {
      request: { url: 'http://127.0.0.1/api', headers: [{ name: 'Authorization', value: `Basic ${BASIC}` }, { name: 'Cookie', value: 'sid=session-abcdef; lang=en' }], cookies: [{ name: 'sid', value: 'session-abcdef' }] },
      response: { headers: [{ name: 'Set-Cookie', value: 'refresh=refresh-123456; HttpOnly' }], cookies: [{ name: 'refresh', value: 'refresh-123456' }] },
    } },
  ];
  const trace = [
    { type: 'context-options', options: { extraHTTPHeaders: { 'x-api-key': 'key-777777' } } },
    { type: 'before', method: 'fill', params: { selector: '#pw', value: 'typed secret "x"' } },
  ];
  return zipSync({
    'trace.network': strToU8(network.map((l) => JSON.stringify(l)).join('\n')),
    'trace.trace': strToU8(trace.map((l) => JSON.stringify(l)).join('\n')),
    'resources/body.txt': strToU8('echo: session-abcdef refresh-123456 basic-pass-31337 key-777777 typed secret "x"'),
    'resources/shot.jpeg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80, 0xfe]),
  });
}

describe('scrubTrace', () => {
  it('leaves no cookie, Authorization, API key or secret value in any entry', () => {
    const redactor = createRedactor(['typed secret "x"']);
    const out = unzipSync(scrubTrace(traceZip(), { secret: (v) => redactor.add(v), redact: (t) => redactor.redact(t) }));
    const all = Object.entries(out).filter(([n]) => !n.endsWith('.jpeg')).map(([, b]) => strFromU8(b)).join('\n');
    for (const v of ['session-abcdef', 'refresh-123456', 'basic-pass-31337', BASIC, 'key-777777', 'typed secret', 'typed secret \\"x\\"']) expect(all).not.toContain(v);
    const network = JSON.parse(strFromU8(out['trace.network']!));
    expect(network.snapshot.request.headers[0]).toEqual({ name: 'Authorization', value: '[REDACTED]' });
    expect(network.snapshot.response.cookies[0]).toEqual({ name: 'refresh', value: '[REDACTED]' });
    expect(Array.from(out['resources/shot.jpeg']!)).toEqual([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80, 0xfe]);
  });
});

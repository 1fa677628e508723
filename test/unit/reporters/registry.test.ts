import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { createReporter, parseReporterSpec, reporters } from '../../../src/reporters/registry.js';
import { createStoreReporter } from '../../../src/reporters/store.js';
import { openStore } from '../../../src/store/sqlite.js';
import { captureContext, sampleRun } from './fixtures.js';

describe('reporter registry', () => {
  it('parses name[:file], splitting at the first colon only', () => {
    expect(parseReporterSpec('list')).toEqual({ name: 'list' });
    expect(parseReporterSpec('junit:out/results.xml')).toEqual({ name: 'junit', file: 'out/results.xml' });
    expect(parseReporterSpec('json:C:\\reports\\r.json')).toEqual({ name: 'json', file: 'C:\\reports\\r.json' });
    expect(parseReporterSpec('json:')).toEqual({ name: 'json' });
  });

  it('knows list, dot, json, junit, github, html and blob', async () => {
    expect(Object.keys(reporters).sort()).toEqual(['blob', 'dot', 'github', 'html', 'json', 'junit', 'list']);
    // A blob is a folder of shards' events: without one there is nowhere to write.
    await expect(createReporter('blob', captureContext())).rejects.toThrow(/needs a folder: --reporter blob:DIR/);
    const ctx = captureContext();
    expect((await createReporter('list', ctx)).ownsTerminal).toBe(true);
    expect((await createReporter('junit:r.xml', ctx)).ownsTerminal).toBe(false);
    expect((await createReporter('github', ctx)).ownsTerminal).toBeFalsy();
  });

  it('an unknown name is a USAGE error suggesting the closest and listing all', async () => {
    let err: unknown;
    try {
      await createReporter('lsit', captureContext());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AitestError);
    expect((err as AitestError).code).toBe('USAGE');
    expect((err as AitestError).message).toContain('"lsit"');
    expect((err as AitestError).hint).toContain('Did you mean "list"?');
    expect((err as AitestError).hint).toContain('list, dot, json, junit, github, html');
    await expect(createReporter('tap', captureContext())).rejects.toThrow(expect.objectContaining({ code: 'USAGE', hint: expect.not.stringContaining('Did you mean') }));
  });

  it('the store reporter forwards every event to the store', () => {
    const store = openStore(':memory:');
    const r = createStoreReporter(store);
    for (const e of sampleRun()) r.onEvent(e);
    expect(store.getRun('run-1')?.status).toBe('failed');
    expect(store.results('run-1')).toHaveLength(6);
    store.close();
  });
});

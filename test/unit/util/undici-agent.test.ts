import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Agent as FullAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { Agent } from '../../../src/util/undici-agent.js';
import { startTestServer } from '../../helpers/test-server.js';

const run = promisify(execFile);

describe('the lean undici Agent', () => {
  it('is undici\'s own Agent class', () => {
    expect(Agent).toBe(FullAgent);
  });

  it('sends requests in a process that never loads undici\'s index', async () => {
    const server = await startTestServer();
    // A fresh process: in this one vitest has already loaded all of undici.
    const script = `
      import { createRequire } from 'node:module';
      const { Agent } = await import(${JSON.stringify(path.resolve('dist/util/undici-agent.js'))});
      const agent = new Agent();
      const res = await agent.request({ origin: process.argv[1], path: '/ok', method: 'GET' });
      const body = await res.body.text();
      await agent.close();
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.endsWith('/undici/index.js'));
      console.log(JSON.stringify({ status: res.statusCode, body, loaded }));`;
    try {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, server.url]);
      expect(JSON.parse(stdout)).toEqual({ status: 200, body: '{"ok":true}', loaded: false });
    } finally {
      await server.close();
    }
  });
});

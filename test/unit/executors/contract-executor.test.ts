// The contract executor through the real worker, against the demo app: one step per operation with its
// checks, credentials sent but never recorded, accepted findings, and the errors that stop a test.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContractTestSpec, TestCase } from '../../../src/plan/types.js';
import { startDemoApp } from '../../helpers/demo-app.js';
import { freePort } from '../../helpers/ports.js';
import { stepEvents, TOKEN, useApiFixture } from './fixture.js';

const f = useApiFixture();
// The plan "lives" in examples/, so `spec` is written as a plan beside the demo app would write it.
const planFile = path.relative(process.cwd(), fileURLToPath(new URL('../../../examples/plan.yaml', import.meta.url)));

let counter = 0;
function contractCase(spec: Omit<ContractTestSpec, 'name' | 'type' | 'spec'> & { spec?: string }, baseUrl?: string): TestCase {
  const name = `contract ${++counter}`;
  const tc: TestCase = {
    id: `c${counter}`, plan: 'unit', file: planFile, name, type: 'contract', location: { file: planFile, line: 1, column: 1 },
    spec: { spec: './demo-app/openapi.yaml', ...spec, name, type: 'contract' }, timeoutMs: 20_000, retries: 0, tags: [], headers: {}, vars: { token: { env: 'DEMO_TOKEN', secret: true } },
  };
  if (baseUrl !== undefined) tc.baseUrl = baseUrl;
  return tc;
}

describe('contract tests', () => {
  it('run one step per selected operation, holding that operation\'s checks, and pass against the honest app', async () => {
    const { result, events } = await f.worker.run(contractCase({
      include: [{ tag: 'auth' }], auth: { bearerAuth: { bearer: '${{ vars.token }}' } }, negative: true, maxDuration: '5s',
    }, f.app.url));
    expect(result.status, JSON.stringify(result.checks.filter((c) => !c.ok))).toBe('passed');
    expect(stepEvents(events).map((s) => [s.title, s.status])).toEqual([['POST /api/login', 'passed'], ['GET /api/me', 'passed']]);
    expect(result.checks.filter((c) => c.step === 'GET /api/me').map((c) => c.name)).toEqual([
      'not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'max_duration',
    ]);
    expect(result.checks.filter((c) => c.name === 'negative_data_rejection').map((c) => [c.step, c.ok])).toEqual([['POST /api/login', true], ['POST /api/login', true]]);
    // Authenticated: the 200, not the 401 an anonymous caller gets.
    expect(result.checks.find((c) => c.step === 'GET /api/me' && c.name === 'status_code_conformance')?.actual).toBe(200);
    expect(JSON.stringify(f.worker.events) + JSON.stringify(f.worker.logs)).not.toContain(TOKEN);
    expect(result.metrics.map((m) => m.labels?.step)).toEqual(['POST /api/login', 'GET /api/me']);
  });

  it('without credentials an operation gets its documented 401, which conforms', async () => {
    const { result } = await f.worker.run(contractCase({ include: [{ operationId: 'getMe' }] }, f.app.url));
    expect(result.status).toBe('passed');
    expect(result.checks.map((c) => [c.name, c.actual])).toContainEqual(['status_code_conformance', 401]);
    expect(result.checks.map((c) => c.name)).toContain('response_headers_conformance');
  });

  it('an accepted finding passes with its reason; the others still fail', async () => {
    const faulty = await startDemoApp({ DEMO_FAULTS: '1' });
    try {
      const { result } = await f.worker.run(contractCase({
        include: [{ tag: 'items' }], accepted: [{ operation: 'GET /api/items', check: 'status_code_conformance', reason: 'tracked in DEMO-9' }],
      }, faulty.url));
      expect(result.status).toBe('failed');
      expect(result.checks.find((c) => c.step === 'GET /api/items' && c.name === 'status_code_conformance')).toMatchObject({ ok: true, actual: 203, message: 'accepted: tracked in DEMO-9' });
      expect(result.checks.filter((c) => !c.ok).map((c) => [c.step, c.name])).toEqual([['GET /api/items/{id}', 'response_schema_conformance']]);
      expect(result.error?.message).toMatch(/^GET \/api\/items\/\{id\}: response_schema_conformance: .*\/price must be number/);
    } finally {
      await faulty.stop();
    }
  });

  it('`server` overrides baseUrl; an unreachable server is an error of the step and the test', async () => {
    const port = await freePort();
    const { result, events } = await f.worker.run(contractCase({ server: `http://127.0.0.1:${port}`, include: [{ operationId: 'getHealth' }] }, f.app.url));
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe(`could not connect to http://127.0.0.1:${port}/health: connection refused`);
    expect(stepEvents(events).map((s) => [s.title, s.status])).toEqual([['GET /health', 'error']]);
  });

  it('credentials for a scheme the spec lacks, and a missing spec file, are errors that say what to fix', async () => {
    const wrong = await f.worker.run(contractCase({ auth: { bearer: { bearer: 'x' } } }, f.app.url));
    expect(wrong.result).toMatchObject({ status: 'error', error: { message: 'auth.bearer: the contract spec has no security scheme "bearer" (it has: bearerAuth)' } });
    const missing = await f.worker.run(contractCase({ spec: './nope.yaml' }, f.app.url));
    expect(missing.result.status).toBe('error');
    expect(missing.result.error?.message).toMatch(/^cannot read the contract spec \.\/nope\.yaml \(.*examples\/nope\.yaml\): no such file$/);
  });
});

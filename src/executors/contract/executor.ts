// The `contract` executor: loads the OpenAPI/Swagger document (once per worker and file), selects its
// operations, and runs each as a step titled `METHOD /path` holding that operation's checks.
import { AitestError } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import type { ContractTestSpec } from '../../plan/types.js';
import type { Executor } from '../types.js';
import { httpClients } from '../api/clients.js';
import { ALL_CHECKS, type CheckName } from './checks.js';
import { contractFor } from './load-spec.js';
import { runOperation, type Session } from './operation.js';
import { schemaCheckFor } from './schema-check.js';
import { checkCredentials, credentialSecrets } from './security.js';
import { acceptedIndex, selectOperations } from './select.js';
import { serverBase } from './server.js';

/** `checks`, or all; minus those the test gives nothing to check with. */
function enabledChecks(spec: ContractTestSpec): Set<CheckName> {
  const checks = new Set<CheckName>(spec.checks ?? ALL_CHECKS);
  if (spec.negative !== true) checks.delete('negative_data_rejection');
  if (spec.maxDuration === undefined) checks.delete('max_duration');
  return checks;
}

export const contractExecutor = {
  type: 'contract',
  resource: 'network',
  // One result per operation, named `METHOD /path`: reports show exactly which operation broke.
  resultsPerStep: true,
  async run(raw, ctx) {
    const spec = ctx.resolve(raw);
    // Worker-scoped: every contract test on the same document parses and dereferences it once.
    const contract = await contractFor(spec.spec, 'contract `spec`', ctx);
    const operations = selectOperations(contract.operations, spec.include, spec.exclude);
    const credentials = spec.auth ?? {};
    checkCredentials(contract, credentials);
    for (const secret of credentialSecrets(credentials)) ctx.secret(secret);
    const headers = { ...ctx.resolve(ctx.test.headers), ...spec.headers };
    const session: Session = {
      ctx,
      contract,
      base: serverBase(spec.server, ctx.test.baseUrl, contract),
      clients: await httpClients(ctx),
      headers,
      credentials,
      checks: enabledChecks(spec),
      maxDurationMs: spec.maxDuration === undefined ? undefined : parseDuration(spec.maxDuration),
      schemaCheck: schemaCheckFor(contract),
      accepted: acceptedIndex(spec.accepted ?? [], contract.operations),
    };
    if (session.checks.size === 0) throw new AitestError('PLAN_INVALID', 'a contract test has no check left to run', { hint: 'List `checks`, or leave it out for all.' });
    // One after the other: a step is the unit its checks belong to, and ctx has one current step.
    for (const op of operations) await ctx.step(op.title, () => runOperation(op, session));
  },
} satisfies Executor<ContractTestSpec>;

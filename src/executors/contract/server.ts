// Where the operations are sent: `server`, else the plan's baseUrl, else the document's first server. The
// chosen URL is the whole base (as Schemathesis's --url): operation paths are appended to it.
import { AitestError } from '../../errors.js';
import type { Contract } from './model.js';

export function serverBase(server: string | undefined, baseUrl: string | undefined, contract: Contract): string {
  let base = server ?? baseUrl ?? contract.servers[0];
  if (base === undefined || base === '') {
    throw new AitestError('PLAN_INVALID', 'a contract test has no server to call', {
      hint: 'Set `server` on the test or `baseUrl` on the plan, or list `servers` in the spec.',
    });
  }
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(base)) {
    // A relative server (`/v1`) is relative to where the document was fetched from, when that was a URL.
    if (!/^https?:\/\//i.test(contract.source)) {
      throw new AitestError('PLAN_INVALID', `the contract spec's first server "${base}" is relative, and the spec is a file`, {
        hint: 'Set `server` on the test or `baseUrl` on the plan.',
      });
    }
    base = new URL(base, contract.source).href;
  }
  return base.endsWith('/') ? base.slice(0, -1) : base;
}

// How a failed load request is counted: the kind of network error, in words a person reads in the summary.
import { EGRESS_REFUSED } from '../../util/net-guard.js';
import { codeOf } from '../api/network-errors.js';

type ErrorKind = 'timeout' | 'connection refused' | 'connection reset' | 'dns' | 'connect timeout' | 'refused by egress policy' | 'other';

export function errorKind(e: unknown): ErrorKind | string {
  const code = codeOf(e);
  switch (code) {
    case 'TIMEOUT': case 'UND_ERR_HEADERS_TIMEOUT': case 'UND_ERR_BODY_TIMEOUT': return 'timeout';
    case 'ECONNREFUSED': return 'connection refused';
    case 'ECONNRESET': case 'UND_ERR_SOCKET': case 'EPIPE': return 'connection reset';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'dns';
    case 'ETIMEDOUT': case 'UND_ERR_CONNECT_TIMEOUT': return 'connect timeout';
    case EGRESS_REFUSED: return 'refused by egress policy';
    default: return code ? `other (${code})` : 'other';
  }
}

// A worker's egress policy: which addresses a plan's requests may connect to. By default a remote worker
// refuses link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254), the
// classic way to turn a test runner into a credential thief; `--deny-net` and `--allow-net` add CIDRs.
import { BlockList, isIP } from 'node:net';
import { AitestError } from '../errors.js';

export interface NetPolicy {
  /** Why `address` (an IP literal) may not be reached, or undefined when it may. */
  refuses(address: string): string | undefined;
  /** The rules it was made from: plain data, to make the same policy again in a load generator's thread. */
  readonly options: NetPolicyOptions;
}

export interface NetPolicyOptions {
  /** CIDRs (or single addresses) refused besides the defaults. */
  deny?: readonly string[];
  /** When given, only these CIDRs may be reached (the deny list still applies). */
  allow?: readonly string[];
}

/** Refused on every remote worker, whatever the flags say. */
const DEFAULT_DENY = [
  '169.254.0.0/16', // IPv4 link-local, with the metadata service of AWS, GCP, Azure, OpenStack… at 169.254.169.254
  'fe80::/10', // IPv6 link-local
  'fd00:ec2::254/128', // AWS's IPv6 metadata service
  '100.100.100.200/32', // Alibaba Cloud's metadata service
  // The same addresses written as IPv4-mapped IPv6 (node matches these across families too; named for clarity).
  '::ffff:169.254.0.0/112',
  '::ffff:100.100.100.200/128',
];
const DEFAULT_RULE = 'link-local and cloud metadata addresses';

interface Rule {
  list: BlockList;
  /** What the reason says refused it. */
  name: string;
}

type Family = 'ipv4' | 'ipv6';
const familyOf = (address: string): Family | undefined => {
  const v = isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
};

/** One CIDR (`10.0.0.0/8`, `fd00::/8`) or a single address, added to `list`; an AitestError when it is neither. */
function addCidr(list: BlockList, cidr: string, flag: string): void {
  const [address, prefix, ...rest] = cidr.trim().replace(/^\[(.*)\]/, '$1').split('/');
  const family = familyOf(address);
  const max = family === 'ipv4' ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!family || rest.length > 0 || !(bits >= 0 && bits <= max)) {
    throw new AitestError('USAGE', `${flag} ${JSON.stringify(cidr)} is not an IP address or CIDR range`, {
      hint: `Write an address or a range such as 10.0.0.0/8, 127.0.0.1/32, fd00::/8 or ::1 (several are separated by spaces: ${flag} 10.0.0.0/8 192.168.0.0/16).`,
    });
  }
  list.addSubnet(address, bits, family);
}

function ruleOf(cidrs: readonly string[], flag: string, name: string): Rule {
  const list = new BlockList();
  for (const c of cidrs) addCidr(list, c, flag);
  return { list, name };
}

// Addresses that reach another one: the IPv4 behind an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d)
// address, and loopback behind the unspecified address (a connect to 0.0.0.0 or :: lands on this machine).
const MAPPED = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i;
const NAT64 = /^64:ff9b::(\d+\.\d+\.\d+\.\d+)$/i;

function hexToIpv4(address: string): string | undefined {
  const m = /^(::ffff:(?:0:)?|64:ff9b::)([\da-f]{1,4}):([\da-f]{1,4})$/i.exec(address);
  if (!m) return undefined;
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** `address` and the address it really reaches when that differs. */
function reachedBy(address: string): string[] {
  const a = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const v4 = MAPPED.exec(a)?.[1] ?? NAT64.exec(a)?.[1] ?? hexToIpv4(a);
  if (v4) return [a, v4];
  if (a === '0.0.0.0') return [a, '127.0.0.1'];
  if (a === '::' || a === '0:0:0:0:0:0:0:0') return [a, '::1'];
  return [a];
}

/** The policy of a remote worker. Invalid CIDRs are a usage error (exit 2) with a hint. */
export function createNetPolicy(o: NetPolicyOptions = {}): NetPolicy {
  const deny = [ruleOf(DEFAULT_DENY, 'the default deny list', DEFAULT_RULE)];
  // One list per --deny-net range, so the reason names the very range that refused.
  for (const cidr of o.deny ?? []) deny.push(ruleOf([cidr], '--deny-net', `--deny-net ${cidr.trim()}`));
  const allow = o.allow && o.allow.length > 0 ? ruleOf(o.allow, '--allow-net', `not in --allow-net ${o.allow.map((c) => c.trim()).join(' ')}`) : undefined;
  const options: NetPolicyOptions = { ...(o.deny ? { deny: [...o.deny] } : {}), ...(o.allow ? { allow: [...o.allow] } : {}) };
  return {
    options,
    refuses(address) {
      const reached = reachedBy(address);
      const families = reached.map(familyOf);
      if (families.some((f) => f === undefined)) return `${address} is refused by this worker's egress policy (not an IP address)`;
      for (const rule of deny) {
        if (reached.some((a, i) => rule.list.check(a, families[i]))) return `${address} is refused by this worker's egress policy (${rule.name})`;
      }
      // Allowed when the address it reaches is (an IPv4-mapped address is allowed by its IPv4 range).
      const last = reached.length - 1;
      if (allow && !allow.list.check(reached[last], families[last])) return `${address} is refused by this worker's egress policy (${allow.name})`;
      return undefined;
    },
  };
}

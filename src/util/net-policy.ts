// A worker's egress policy: which addresses a plan's requests may connect to. By default a remote worker
// refuses link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254), the
// classic way to turn a test runner into a credential thief; `--deny-net` and `--allow-net` add CIDRs.

export interface NetPolicy {
  /** Why `address` (an IP literal) may not be reached, or undefined when it may. */
  refuses(address: string): string | undefined;
}

export interface NetPolicyOptions {
  /** CIDRs (or single addresses) refused besides the defaults. */
  deny?: string[];
  /** When given, only these CIDRs may be reached (the deny list still applies). */
  allow?: string[];
}

/** The policy of a remote worker. TODO(issue 18): the default deny list and CIDR matching. */
export function createNetPolicy(_o: NetPolicyOptions = {}): NetPolicy {
  return { refuses: () => undefined };
}

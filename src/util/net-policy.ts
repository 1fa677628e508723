// A worker's egress policy: which addresses a plan's requests may connect to. By default a remote worker
// refuses link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254), the
// classic way to turn a test runner into a credential thief; `--deny-net` and `--allow-net` add CIDRs.

export interface NetPolicy {
  /** Why `address` (an IP literal) may not be reached, or undefined when it may. */
  refuses(address: string): string | undefined;
}

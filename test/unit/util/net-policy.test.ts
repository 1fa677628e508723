// The egress policy of a remote worker: which addresses it refuses, and why it says so.
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { createNetPolicy } from '../../../src/util/net-policy.js';

const METADATA = "is refused by this worker's egress policy (link-local and cloud metadata addresses)";

describe('the default policy', () => {
  const policy = createNetPolicy();

  it('refuses link-local and cloud metadata addresses, however they are written, and says why', () => {
    for (const a of ['169.254.169.254', '169.254.0.1', 'fe80::1', 'fd00:ec2::254', '100.100.100.200', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::169.254.169.254', '[fe80::1]']) {
      expect(policy.refuses(a), a).toBe(`${a} ${METADATA}`);
    }
  });

  it('lets everything else through: loopback, private and public addresses', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.1', '192.168.1.1', '8.8.8.8', '2001:db8::1', '100.100.100.201']) expect(policy.refuses(a), a).toBeUndefined();
  });
});

describe('--deny-net', () => {
  it('adds ranges, and the reason names the one that refused', () => {
    const policy = createNetPolicy({ deny: ['10.0.0.0/8', '127.0.0.1/32', 'fd00::/8'] });
    expect(policy.refuses('10.20.30.40')).toBe("10.20.30.40 is refused by this worker's egress policy (--deny-net 10.0.0.0/8)");
    expect(policy.refuses('127.0.0.1')).toContain('(--deny-net 127.0.0.1/32)');
    expect(policy.refuses('fd12::5')).toContain('(--deny-net fd00::/8)');
    expect(policy.refuses('169.254.169.254')).toContain('(link-local and cloud metadata addresses)');
    expect(policy.refuses('127.0.0.2')).toBeUndefined();
  });

  it('a single address is a range of one, and the addresses that reach it are refused with it', () => {
    const policy = createNetPolicy({ deny: ['127.0.0.1'] });
    for (const a of ['127.0.0.1', '::ffff:127.0.0.1', '0.0.0.0']) expect(policy.refuses(a), a).toContain('(--deny-net 127.0.0.1)');
  });
});

describe('--allow-net', () => {
  it('only the ranges given, and the defaults still refuse inside them', () => {
    const policy = createNetPolicy({ allow: ['127.0.0.1/32', '169.254.0.0/16'] });
    expect(policy.refuses('127.0.0.1')).toBeUndefined();
    expect(policy.refuses('::ffff:127.0.0.1')).toBeUndefined();
    expect(policy.refuses('10.0.0.1')).toBe("10.0.0.1 is refused by this worker's egress policy (not in --allow-net 127.0.0.1/32 169.254.0.0/16)");
    expect(policy.refuses('::1')).toContain('not in --allow-net');
    expect(policy.refuses('169.254.169.254')).toContain('(link-local and cloud metadata addresses)');
  });

  it('--deny-net wins over --allow-net', () => {
    const policy = createNetPolicy({ allow: ['10.0.0.0/8'], deny: ['10.9.0.0/16'] });
    expect(policy.refuses('10.1.0.1')).toBeUndefined();
    expect(policy.refuses('10.9.0.1')).toContain('(--deny-net 10.9.0.0/16)');
  });
});

it('a range that is not one is a usage error with a hint, naming the flag and the value', () => {
  for (const [o, flag, bad] of [[{ deny: ['10.0.0.0/33'] }, '--deny-net', '10.0.0.0/33'], [{ allow: ['example.com'] }, '--allow-net', 'example.com'], [{ deny: ['1.2.3.4/8/9'] }, '--deny-net', '1.2.3.4/8/9'], [{ allow: ['::1/x'] }, '--allow-net', '::1/x']] as const) {
    let err: unknown;
    try {
      createNetPolicy(o);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AitestError);
    expect((err as AitestError).code).toBe('USAGE');
    expect((err as AitestError).message).toBe(`${flag} "${bad}" is not an IP address or CIDR range`);
    expect((err as AitestError).hint).toContain('10.0.0.0/8');
  }
});

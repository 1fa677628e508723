import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/worker/redactor.js';

describe('redactor', () => {
  it('replaces every occurrence of a secret deep inside events, keeping untouched objects identical', () => {
    const r = createRedactor(['s3cret-token']);
    const clean = { a: 1, b: ['x'] };
    const event = { msg: 'Bearer s3cret-token used', nested: { list: ['s3cret-token', 'ok'] }, clean };
    const out = r.redact(event);
    expect(JSON.stringify(out)).not.toContain('s3cret-token');
    expect(out.msg).toBe('Bearer [REDACTED] used');
    expect(out.nested.list).toEqual(['[REDACTED]', 'ok']);
    expect(out.clean).toBe(clean);
    expect(event.msg).toContain('s3cret-token');
  });

  it('redacts values registered at run time', () => {
    const r = createRedactor();
    expect(r.redact('token abcdef')).toBe('token abcdef');
    r.add('abcdef');
    expect(r.redact('token abcdef')).toBe('token [REDACTED]');
  });
});

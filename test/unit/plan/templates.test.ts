// The `${{ … }}` language at run time: typed values, interpolation, captures, env, vars, seeded faker.
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { createFaker, fakerGeneratorNames, seedForTest } from '../../../src/plan/faker.js';
import { createResolver, resolveVars, type TemplateScope } from '../../../src/plan/templates.js';

const scope = (over: Partial<TemplateScope> = {}): TemplateScope => ({
  vars: { count: 3, user: { name: 'Ada', roles: ['admin', 'dev'] }, token: 's3cret' },
  env: { HOST: '127.0.0.1' },
  captures: { id: 42, item: { sku: 'A-1' } },
  faker: createFaker(1),
  ...over,
});

describe('createResolver', () => {
  it('keeps the type of a string that is exactly one template', () => {
    const resolve = createResolver(scope());
    expect(resolve('${{ vars.count }}')).toBe(3);
    expect(resolve('${{vars.user}}')).toEqual({ name: 'Ada', roles: ['admin', 'dev'] });
    expect(resolve('${{ captures.id }}')).toBe(42);
  });

  it('inserts values into longer text', () => {
    const resolve = createResolver(scope());
    expect(resolve('http://${{ env.HOST }}/users/${{ captures.id }}?r=${{ vars.user.roles[1] }}')).toBe('http://127.0.0.1/users/42?r=dev');
    expect(resolve('item=${{ captures.item }}')).toBe('item={"sku":"A-1"}');
  });

  it('walks objects and arrays, copies only what changes, and leaves functions alone', () => {
    const resolve = createResolver(scope());
    const check = (): boolean => true;
    const untouched = { a: 'plain', b: [1, 'two', { c: null }] };
    const spec = { request: { url: '/u/${{ captures.id }}', headers: { auth: 'Bearer ${{ vars.token }}' } }, keep: untouched, check };
    const out = resolve(spec);
    expect(out).toEqual({ request: { url: '/u/42', headers: { auth: 'Bearer s3cret' } }, keep: untouched, check });
    expect(out.keep).toBe(untouched);
    expect(out.check).toBe(check);
    expect(spec.request.url).toBe('/u/${{ captures.id }}');
    expect(resolve(untouched)).toBe(untouched);
  });

  it('fails clearly when a value is missing', () => {
    const resolve = createResolver(scope());
    expect(() => resolve('${{ captures.nope }}')).toThrow('`${{ captures.nope }}` has no value: no earlier step captured `nope`.');
    expect(() => resolve('${{ env.NOT_SET_ANYWHERE }}')).toThrow('the environment variable NOT_SET_ANYWHERE is not set');
    expect(() => resolve('${{ vars.user.email }}')).toThrow('nothing at `email`');
    expect(() => resolve('${{ faker.person.nope }}')).toThrow(AitestError);
  });
});

describe('faker', () => {
  it('gives the same data for the same seed, test and attempt', () => {
    const run = (seed: number | undefined) => {
      const resolve = createResolver(scope({ faker: createFaker(seed) }));
      return resolve({ name: '${{ faker.person.fullName }}', email: '${{ faker.internet.email }}', id: '${{ faker.string.uuid }}' });
    };
    const seed = seedForTest(42, 'test-a')!;
    expect(run(seed)).toEqual(run(seed));
    expect(run(seedForTest(42, 'test-b'))).not.toEqual(run(seed));
    expect(run(seedForTest(42, 'test-a', 1))).not.toEqual(run(seed));
    expect(seedForTest(undefined, 'test-a')).toBeUndefined();
    expect(seedForTest('42', 'x')).toBe(seedForTest(42, 'x'));
  });

  it('is unaffected by other tests generating in between', () => {
    const alone = createFaker(7);
    const first = [alone.generate('internet.email'), alone.generate('internet.email')];
    const a = createFaker(7);
    const other = createFaker(8);
    const mixed = [a.generate('internet.email'), other.generate('internet.email'), a.generate('internet.email')];
    expect([mixed[0], mixed[2]]).toEqual(first);
  });

  it('runs every allowed generator, with and without arguments', () => {
    const f = createFaker(3);
    for (const name of fakerGeneratorNames) expect(f.generate(name), name).toBeDefined();
    const n = f.generate('number.int', [5, 6]) as number;
    expect(n >= 5 && n <= 6).toBe(true);
    expect(f.generate('string.alphanumeric', [4])).toHaveLength(4);
    expect(f.generate('date.past')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(typeof f.generate('commerce.price', [1, 2])).toBe('number');
  });

  it('refuses generators outside the allowlist', () => {
    expect(() => createFaker().generate('helpers.arrayElement')).toThrow('`faker.helpers.arrayElement` is not one of the available generators.');
    expect(() => createFaker().generate('string.uuid', [1])).toThrow('takes no arguments');
  });
});

describe('resolveVars', () => {
  it('reads env vars, applies defaults and returns secret values for redaction', () => {
    const { values, secrets } = resolveVars(
      { plain: 'x', n: 1, token: { env: 'TOKEN', secret: true }, region: { env: 'REGION', default: 'eu' }, key: { env: 'KEY', secret: true, default: 'dflt-key' } },
      { TOKEN: 'tok-123' },
    );
    expect(values).toEqual({ plain: 'x', n: 1, token: 'tok-123', region: 'eu', key: 'dflt-key' });
    expect(secrets).toEqual(['tok-123', 'dflt-key']);
  });

  it('names the variable and the environment variable to set when one is missing', () => {
    const call = () => resolveVars({ token: { env: 'DEMO_TOKEN', secret: true } }, {});
    expect(call).toThrow('The variable `token` reads the environment variable DEMO_TOKEN, which is not set.');
    try {
      call();
    } catch (e) {
      expect((e as AitestError).code).toBe('PLAN_INVALID');
      expect((e as AitestError).hint).toMatch(/Set DEMO_TOKEN/);
    }
  });

  it('handles no vars', () => {
    expect(resolveVars(undefined, {})).toEqual({ values: {}, secrets: [] });
  });
});

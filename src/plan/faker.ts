// Test data for `${{ faker.… }}`: a fixed allowlist of @faker-js/faker generators, loaded only when used.
import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';
import { AitestError } from '../errors.js';
import { hashText } from './hash.js';
import type { TemplateArg } from './template-syntax.js';

/** What a template scope needs from faker: one call per `${{ faker.x.y(args) }}`. */
export interface FakerLike {
  generate(generator: string, args?: readonly TemplateArg[]): unknown;
}

interface Generator {
  /** Argument names, shown in messages; every argument is an optional number. */
  args: readonly string[];
  run(f: Faker, a: readonly number[]): unknown;
}

const iso = (d: Date): string => d.toISOString();
const range = (a: readonly number[], defMin: number, defMax: number) =>
  a.length >= 2 ? { min: a[0]!, max: a[1]! } : a.length === 1 ? { min: defMin, max: a[0]! } : { min: defMin, max: defMax };

export const fakerGenerators: Record<string, Generator> = {
  'person.fullName': { args: [], run: (f) => f.person.fullName() },
  'person.firstName': { args: [], run: (f) => f.person.firstName() },
  'person.lastName': { args: [], run: (f) => f.person.lastName() },
  'person.jobTitle': { args: [], run: (f) => f.person.jobTitle() },
  'internet.email': { args: [], run: (f) => f.internet.email() },
  'internet.userName': { args: [], run: (f) => f.internet.username() },
  'internet.username': { args: [], run: (f) => f.internet.username() },
  'internet.url': { args: [], run: (f) => f.internet.url() },
  'internet.domainName': { args: [], run: (f) => f.internet.domainName() },
  'internet.ipv4': { args: [], run: (f) => f.internet.ipv4() },
  'internet.password': { args: ['length'], run: (f, a) => f.internet.password({ length: a[0] ?? 15 }) },
  'string.uuid': { args: [], run: (f) => f.string.uuid() },
  'string.alphanumeric': { args: ['length'], run: (f, a) => f.string.alphanumeric(a[0] ?? 10) },
  'string.alpha': { args: ['length'], run: (f, a) => f.string.alpha(a[0] ?? 10) },
  'string.numeric': { args: ['length'], run: (f, a) => f.string.numeric(a[0] ?? 6) },
  'number.int': { args: ['min', 'max'], run: (f, a) => f.number.int(range(a, 0, 1_000_000)) },
  'number.float': { args: ['min', 'max'], run: (f, a) => f.number.float({ ...range(a, 0, 1000), fractionDigits: 2 }) },
  'lorem.word': { args: [], run: (f) => f.lorem.word() },
  'lorem.words': { args: ['count'], run: (f, a) => f.lorem.words(a[0] ?? 3) },
  'lorem.sentence': { args: ['words'], run: (f, a) => f.lorem.sentence(a[0]) },
  'lorem.paragraph': { args: ['sentences'], run: (f, a) => f.lorem.paragraph(a[0]) },
  'location.city': { args: [], run: (f) => f.location.city() },
  'location.country': { args: [], run: (f) => f.location.country() },
  'location.countryCode': { args: [], run: (f) => f.location.countryCode() },
  'location.streetAddress': { args: [], run: (f) => f.location.streetAddress() },
  'location.zipCode': { args: [], run: (f) => f.location.zipCode() },
  'phone.number': { args: [], run: (f) => f.phone.number() },
  'company.name': { args: [], run: (f) => f.company.name() },
  'commerce.productName': { args: [], run: (f) => f.commerce.productName() },
  'commerce.department': { args: [], run: (f) => f.commerce.department() },
  'commerce.price': { args: ['min', 'max'], run: (f, a) => Number(f.commerce.price(range(a, 1, 1000))) },
  'date.past': { args: ['years'], run: (f, a) => iso(f.date.past({ years: a[0] ?? 1 })) },
  'date.future': { args: ['years'], run: (f, a) => iso(f.date.future({ years: a[0] ?? 1 })) },
  'date.recent': { args: ['days'], run: (f, a) => iso(f.date.recent({ days: a[0] ?? 1 })) },
  'date.soon': { args: ['days'], run: (f, a) => iso(f.date.soon({ days: a[0] ?? 1 })) },
  'date.birthdate': { args: [], run: (f) => iso(f.date.birthdate()).slice(0, 10) },
  'datatype.boolean': { args: [], run: (f) => f.datatype.boolean() },
  'color.human': { args: [], run: (f) => f.color.human() },
};

export const fakerGeneratorNames = Object.keys(fakerGenerators);

/** Why `generator(args)` can't be used, or undefined when it can. Shared by validation and the resolver. */
export function checkFakerCall(generator: string, args: readonly TemplateArg[]): string | undefined {
  const g = fakerGenerators[generator];
  if (!g) return `\`faker.${generator}\` is not one of the available generators.`;
  if (args.length > g.args.length) {
    return g.args.length === 0
      ? `\`faker.${generator}\` takes no arguments.`
      : `\`faker.${generator}\` takes at most ${g.args.length} argument${g.args.length === 1 ? '' : 's'} (${g.args.join(', ')}).`;
  }
  if (args.some((a) => typeof a !== 'number')) return `the arguments of \`faker.${generator}\` must be numbers (${g.args.join(', ')}).`;
  return undefined;
}

// The English faker instance, loaded on first use: the full package index costs ~100 ms to import and the
// `locale/en` entry ~15 ms; plans without faker templates never pay either. require() of this ESM package is
// synchronous on Node >= 20.19, so resolving stays synchronous on the hot path.
let loaded: Faker | undefined;
function fakerInstance(): Faker {
  loaded ??= (createRequire(import.meta.url)('@faker-js/faker/locale/en') as { faker: Faker }).faker;
  return loaded;
}

/**
 * A generator for one test attempt. With a seed, the same calls give the same values in the same order,
 * whatever else runs concurrently: every call reseeds the shared instance from (seed, call number)
 * right before generating, and a call is synchronous, so nothing can interleave.
 * Dates are relative to now, so only their offsets repeat.
 */
export function createFaker(seed?: number): FakerLike {
  const base = seed === undefined ? (Math.random() * 0x1_0000_0000) >>> 0 : seed >>> 0;
  let calls = 0;
  return {
    generate(generator, args = []) {
      const problem = checkFakerCall(generator, args);
      if (problem) throw new AitestError('PLAN_INVALID', problem, { hint: `Available: ${fakerGeneratorNames.join(', ')}.` });
      const f = fakerInstance();
      f.seed(mix(base, calls++));
      return fakerGenerators[generator]!.run(f, args as number[]);
    },
  };
}

/**
 * The seed for one test attempt from the plan's `vars.seed` (a number or any text), or undefined when
 * the plan has no seed. Mixing in the test id and attempt keeps tests independent of run order.
 */
export function seedForTest(seed: unknown, testId: string, attempt = 0): number | undefined {
  if (seed === undefined || seed === null || seed === '') return undefined;
  const n = typeof seed === 'number' ? seed : typeof seed === 'string' && /^-?\d+$/.test(seed.trim()) ? Number(seed) : hashText(String(seed));
  return mix(mix(Math.trunc(n) >>> 0, hashText(testId)), attempt);
}

// Combines two 32-bit values so nearby inputs give unrelated seeds (murmur3 finalizer).
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// The layering of docs/architecture.md, checked by `npm run lint:layers` (part of `npm test`).
//
// An allow-list: every folder of src/ is a layer that names the folders it may import and the heavy packages
// it may load. An import that no line allows fails, and so does a folder no line describes, an import that
// cannot be resolved, and a package nobody classified. Change the table below on purpose, and say why in
// docs/architecture.md.

/**
 * Packages that weigh on start-up or own a role (browser, terminal UI, LLM, SQLite, cluster, network
 * clients, validators): a layer loads one only when its line below names it.
 */
const HEAVY = [
  '@apidevtools/swagger-parser', '@axe-core/playwright', '@faker-js/faker', '@fastify/rate-limit',
  '@google/generative-ai', '@sinclair/typebox', 'ajv', 'ajv-formats', 'axe-core', 'better-sqlite3', 'bullmq',
  'commander', 'fastify', 'graphql', 'hdr-histogram-js', 'ink', 'ioredis', 'openai', 'pino', 'pixelmatch',
  'playwright-core', 'pngjs', 'prom-client', 'react', 'sharp', 'tsx', 'undici', 'ws',
];

/** Small, pure helpers any layer may use. */
const LIGHT = ['fastest-levenshtein', 'fflate', 'js-yaml', 'jsonpath-plus', 'p-queue', 'picocolors', 'randexp', 'tinyglobby', 'yaml'];

/**
 * Each layer: the folders (or files under them) it may import besides its own, and its heavy packages.
 * `errors` is src/errors.ts, which every layer may use. Top to bottom, roughly the flow of a run.
 */
const LAYERS = {
  cli: {
    why: 'the commands: flags to options to calls below; the only folder that touches the process',
    may: ['analysis', 'dashboard', 'events', 'executors', 'generate', 'judge', 'plan', 'remote', 'reporters', 'runner', 'store', 'util'],
    packages: ['commander'],
  },
  remote: {
    why: 'the orchestrator runs plans like runner/, its workers run tests like worker/',
    may: ['runner', 'worker', 'executors', 'judge', 'plan', 'reporters', 'store', 'events', 'util'],
    packages: ['fastify', '@fastify/rate-limit', 'bullmq', 'ioredis', 'prom-client', 'undici'],
  },
  analysis: {
    why: 'reads a stored run back and explains it (anomalies, trends, the judge\'s narrative)',
    may: ['judge', 'reporters', 'store', 'events', 'util'],
    packages: [],
  },
  generate: {
    why: 'drafts plans; it reuses the contract executor\'s OpenAPI model and the browser launcher',
    may: ['executors/contract', 'executors/browser/launch', 'judge', 'plan', 'util'],
    packages: ['playwright-core'],
  },
  dashboard: {
    why: 'ink UI: reads events and reporters\' views of results, never runs anything',
    may: ['reporters', 'events', 'util'],
    packages: ['ink', 'react'],
  },
  runner: {
    why: 'run lifecycle: compiles plans, schedules tests onto workers, feeds the store and reporters',
    may: ['worker', 'executors', 'judge', 'plan', 'reporters', 'store', 'events', 'util'],
    // undici: the webServer probe (a fresh Agent per probe, so nothing stays open).
    packages: ['undici'],
  },
  reporters: {
    why: 'subscribers of the event stream; they read stored results\' types, never run tests',
    may: ['store', 'events', 'util'],
    packages: [],
  },
  store: {
    why: 'SQLite: the only layer that loads better-sqlite3',
    may: ['events', 'util'],
    packages: ['better-sqlite3'],
  },
  worker: {
    why: 'turns a TestCase into events: the exec context, worker-scoped resources',
    may: ['executors', 'judge', 'plan', 'events', 'util'],
    packages: [],
  },
  executors: {
    why: 'one per test type; they report through ctx, never print or store',
    may: ['assertions', 'judge', 'plan', 'events', 'util'],
    packages: [
      'playwright-core', '@axe-core/playwright', 'axe-core', 'pixelmatch', 'pngjs', 'sharp', 'undici', 'ws', 'graphql',
      '@apidevtools/swagger-parser', 'ajv', 'hdr-histogram-js',
    ],
  },
  judge: {
    why: 'LLM verdicts: prompting, parsing, cache, the providers\' SDKs',
    may: ['assertions', 'plan', 'util'],
    packages: ['openai', '@google/generative-ai'],
  },
  assertions: {
    why: 'one check per file, shared by every executor',
    may: ['plan', 'util'],
    packages: ['ajv', 'ajv-formats'],
  },
  plan: {
    why: 'the plan language: schema, load, validate, compile; its types are what every layer above passes around',
    may: ['events', 'util'],
    packages: ['@sinclair/typebox', 'ajv', 'ajv-formats', '@faker-js/faker', 'tsx'],
  },
  util: {
    why: 'small shared pieces (logger, network guard, sandbox) that know no layer above',
    may: [],
    packages: ['pino', 'undici'],
  },
  events: {
    why: 'the RunEvent spine, the same on both sides of a wire: imports nothing, not even Node',
    may: [],
    packages: [],
    noErrors: true,
  },
};

/** src/index.ts, the public API, re-exports types of the plan language and the events. */
const ROOT_FILES = { index: ['plan', 'events'], errors: [] };

const re = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (names) => `(${names.map(re).join('|')})`;
const internal = (target) => (target.includes('/') ? `^src/${re(target)}(/|\\.ts$)` : `^src/${re(target)}/`);
const pkg = (names) => `node_modules/${anyOf(names)}/`;

const layerRules = Object.entries(LAYERS).flatMap(([layer, l]) => [
  {
    name: `layer-${layer}`,
    severity: 'error',
    comment: `${layer}/ is ${l.why}. It may import: ${[...l.may.map((m) => `${m}/`), ...(l.noErrors ? [] : ['errors.ts'])].join(', ') || 'nothing of src/'}.`,
    from: { path: `^src/${layer}/` },
    to: { path: '^src/', pathNot: [`^src/${layer}/`, ...l.may.map(internal), ...(l.noErrors ? [] : ['^src/errors\\.ts$'])] },
  },
  {
    name: `packages-${layer}`,
    severity: 'error',
    comment: `${layer}/ loads only these heavy packages: ${l.packages.join(', ') || 'none'}. Type-only imports (import type, import('x').T) load nothing and are free.`,
    from: { path: `^src/${layer}/` },
    to: {
      path: pkg(HEAVY),
      dependencyTypesNot: ['type-only', 'type-import'],
      ...(l.packages.length ? { pathNot: pkg(l.packages) } : {}),
    },
  },
]);

const rootRules = Object.entries(ROOT_FILES).map(([file, may]) => ({
  name: `layer-${file}`,
  severity: 'error',
  comment: `src/${file}.ts may import: ${may.map((m) => `${m}/`).join(', ') || 'nothing of src/'}.`,
  from: { path: `^src/${file}\\.ts$` },
  to: { path: '^src/', pathNot: [`^src/${file}\\.ts$`, ...may.map(internal)] },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    ...rootRules,
    {
      name: 'folder-without-layer',
      severity: 'error',
      comment: 'Every folder of src/ is a layer of .dependency-cruiser.cjs: add its line (and to docs/architecture.md) to say what it may import.',
      from: { path: '^src/', pathNot: [`^src/${anyOf(Object.keys(LAYERS))}/`, `^src/${anyOf(Object.keys(ROOT_FILES))}\\.ts$`] },
      to: {},
    },
    {
      name: 'not-resolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve is an import it cannot check (a typo, a missing package, or an export map it does not read).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'package-not-classified',
      severity: 'error',
      comment: 'A package src/ loads is either HEAVY (a layer must name it) or LIGHT in .dependency-cruiser.cjs.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only', 'type-import'], pathNot: pkg([...HEAVY, ...LIGHT]) },
    },
    {
      name: 'no-dev-dependency-in-src',
      severity: 'error',
      comment: 'The published CLI has no devDependencies: src/ may not load one.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'events-without-node',
      severity: 'error',
      comment: 'events/ is the isomorphic spine: no Node built-ins.',
      from: { path: '^src/events/' },
      to: { dependencyTypes: ['core'] },
    },
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make the flow impossible to follow.', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Only src's own declaration files: excluding every .d.ts would drop, unseen, each import of a package
    // whose export map resolves to one.
    exclude: { path: '^src/.*\\.d\\.ts$' },
    // Packages published as ESM with an export map only (ink, p-queue, tsx/esm/api) resolve as Node resolves
    // them, to the code it loads (no `types` condition: that would resolve ink to its .d.ts).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

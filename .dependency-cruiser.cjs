// The layering rules of DESIGN.md, checked on every `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make the flow impossible to follow.', from: {}, to: { circular: true } },
    { name: 'nothing-imports-cli', severity: 'error', comment: 'cli/ is the top: only it touches the process.', from: { pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },
    { name: 'only-store-imports-sqlite', severity: 'error', from: { pathNot: '^src/store/' }, to: { path: 'node_modules/better-sqlite3' } },
    { name: 'only-dashboard-imports-ink', severity: 'error', from: { pathNot: '^src/dashboard/' }, to: { path: 'node_modules/(ink|react)/' } },
    { name: 'events-import-nothing', severity: 'error', comment: 'events/ is the isomorphic spine.', from: { path: '^src/events/' }, to: { pathNot: '^src/events/' } },
    { name: 'runner-not-from-below', severity: 'error', comment: 'runner/ orchestrates; nothing it calls may call back up.', from: { path: '^src/(worker|executors|assertions|metrics|plan|store|reporters|events|util)/' }, to: { path: '^src/runner/' } },
    { name: 'worker-not-from-below', severity: 'error', from: { path: '^src/(executors|assertions|metrics|plan|store|reporters|events|util)/' }, to: { path: '^src/worker/' } },
    { name: 'executors-stay-out-of-io', severity: 'error', comment: 'Executors report through ctx; they never touch the store or reporters.', from: { path: '^src/(executors|assertions)/' }, to: { path: '^src/(store|reporters|dashboard|remote)/' } },
    { name: 'assertions-below-executors', severity: 'error', from: { path: '^src/assertions/' }, to: { path: '^src/executors/' } },
    { name: 'reporters-do-not-run', severity: 'error', comment: 'Reporters only see events.', from: { path: '^src/reporters/' }, to: { path: '^src/(runner|worker|executors)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};

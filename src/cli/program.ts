// The commander program: commands, flags and help. Actions import their modules lazily to keep start-up fast.
import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { ExitCode, exitCodeForError } from '../errors.js';
import type { CliContext } from './context.js';
import { dbPath } from './db-path.js';
import { printError } from './print-error.js';
import { KEEP_DAYS_HELP, KEEP_RUNS_HELP } from './retention-flags.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const EXAMPLES = `
Examples:
  $ aitest run examples/quickstart.yaml            run a plan
  $ aitest run plans/*.yaml --workers 8 --tag smoke
  $ aitest run plan.yaml --reporter junit:results.xml --reporter github
  $ aitest run plan.yaml --shard 2/4               one CI machine of four
  $ aitest run plan.yaml --last-failed             rerun what failed last time
  $ aitest validate plan.yaml                      check a plan without running it
  $ aitest show last                               print the newest run from the store
  $ aitest show                                    browse the stored runs (on a terminal)
  $ aitest history "create then fetch a user"      a test's recent results
  $ aitest run plan.yaml --shard 1/3 --reporter blob:blobs   then, with every shard's blobs:
  $ aitest merge blobs -o report.html              one run in the store and one report
`;

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CommanderError(ExitCode.usage, 'aitest.invalidArgument', `${name} must be a whole number, got "${v}"`);
  return n;
};
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** What command actions share: the CLI's streams, the signal that interrupts, and where the exit code goes. */
interface Actions {
  cli: CliContext;
  signal: AbortSignal;
  exit(code: number): void;
}

function addRunCommand(program: Command, { cli, signal, exit }: Actions): void {
  program
    .command('run')
    .description('run plan files (YAML or TypeScript) and store the results')
    .argument('[plans...]', 'plan files or globs (default: aitest.yaml)')
    .option('-w, --workers <n>', 'concurrent tests (default: number of CPU cores)', int('--workers'))
    .option('--retries <n>', 'retries for failing tests (overrides the plan)', int('--retries'))
    .option('--timeout <duration>', 'per-test timeout, e.g. 10s (overrides the plan)')
    .option('-g, --grep <regex>', 'only tests whose name matches')
    .option('--grep-invert <regex>', 'skip tests whose name matches')
    .option('-t, --tag <tag>', 'only tests with this tag (repeatable)', collect)
    .option('-p, --project <name>', 'only browser tests of this project: chromium, "iPhone 13", "webkit / iPhone 13" (repeatable)', collect)
    .option('--shard <i/n>', 'run the i-th of n deterministic shards')
    .option('--last-failed', 'rerun only the tests that failed in the previous run of the same plan')
    .option('--max-failures <n>', 'stop starting tests after n failures', int('--max-failures'))
    .option('-x', 'stop after the first failure (same as --max-failures 1)')
    .option('-r, --reporter <name[:file]>', 'list (default), dot, json:FILE, junit:FILE, html:FILE, github, blob:DIR (repeatable)', collect)
    .option('--db <path>', 'results database (default: .aitest/results.db, or AITEST_DB)')
    .option('--keep-runs <n>', KEEP_RUNS_HELP, int('--keep-runs'))
    .option('--keep-days <d>', KEEP_DAYS_HELP, int('--keep-days'))
    .option('--allow-only', 'allow tests marked `only` when CI is set')
    .option('-u, --update-snapshots', 'write visual baselines that are missing or differ, instead of failing')
    .option('--ui', 'the live view, then the run in the history browser to rerun failures (r) until q; the live view alone is the default on a terminal')
    .option('--no-ui', 'the list reporter alone, even on a terminal')
    .option('--analyze', 'after the run, print its analysis (quality, anomalies, and with a judge a narrative of the failures)')
    .option('--no-judge-cache', 'ask the judge again instead of reusing verdicts cached by earlier runs')
    .option('--remote <url>', 'run on an orchestrator (aitest serve): its workers run the tests, results come back here')
    .option('--token <token>', 'bearer token for --remote (prefer AITEST_TOKEN or --token-file: a command line is visible to `ps`)')
    .option('--token-file <file>', 'a file holding the bearer token for --remote')
    .option('--reconnect <s>', 'with --remote: seconds to keep reconnecting when the orchestrator\'s stream drops (default 60)', int('--reconnect'))
    .addOption(new Option('--no-web-server', 'do not start the plan webServer (use one already running)').hideHelp())
    .action(async (plans: string[], opts) => {
      const { runCommand } = await import('./commands/run.js');
      exit(await runCommand(plans, opts, cli, signal));
    });
}

function addValidateCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('validate')
    .description('check plan files and print every problem with file:line:col')
    .argument('<plans...>', 'plan files or globs')
    .action(async (plans: string[]) => {
      const { validateCommand } = await import('./commands/validate.js');
      exit(await validateCommand(plans, cli));
    });
}

function addInitCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('init')
    .description('scaffold a plan, a GitHub Actions workflow and the editor schema modeline')
    .option('--force', 'overwrite existing files')
    .action(async (opts: { force?: boolean }) => {
      const { initCommand } = await import('./commands/init.js');
      exit(await initCommand(opts, cli));
    });
}

function addGenerateCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('generate')
    .description('write a starter plan: from requirements (Markdown or text) with the judge\'s model, or from an OpenAPI document without one')
    .argument('[requirements]', 'requirements file (Markdown or text): the model drafts a plan covering each')
    .option('--from-openapi <spec>', 'no model: a contract test plus an api test per operation of this OpenAPI 3.x or Swagger 2.0 document')
    .option('-o, --output <file>', 'plan file to write (.yaml)')
    .option('--base-url <url>', "the plan's baseUrl")
    .option('--openapi <spec>', 'with requirements: an OpenAPI document whose operations the model should use')
    .option('--site <url>', 'with requirements: a live site to read with the browser (pages, headings, forms) so ui tests use real labels')
    .option('--dry-run', 'with requirements: print the plan instead of writing it')
    .option('--force', 'overwrite the output file')
    .addHelpText('after', '\nExamples:\n  $ aitest generate requirements.md -o plan.yaml --base-url http://127.0.0.1:3000\n  $ aitest generate --from-openapi openapi.yaml -o api.yaml --base-url http://127.0.0.1:3000\n')
    .action(async (requirements: string | undefined, opts: { fromOpenapi?: string; output?: string; baseUrl?: string; openapi?: string; site?: string; dryRun?: boolean; force?: boolean }) => {
      if (requirements !== undefined && opts.fromOpenapi === undefined) {
        const { generateFromRequirements } = await import('./commands/generate-requirements.js');
        exit(await generateFromRequirements({ ...opts, requirements }, cli));
        return;
      }
      if (opts.fromOpenapi === undefined || opts.output === undefined || requirements !== undefined) {
        cli.stderr.write('error: give a requirements file, or --from-openapi SPEC with -o/--output plan.yaml\n  hint: aitest generate requirements.md -o plan.yaml, or aitest generate --from-openapi openapi.yaml -o plan.yaml\n');
        exit(ExitCode.usage);
        return;
      }
      const { generateCommand } = await import('./commands/generate.js');
      exit(await generateCommand({ fromOpenapi: opts.fromOpenapi, output: opts.output, ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }), ...(opts.force ? { force: true } : {}) }, cli));
    });
}

function addShowCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('show')
    .description('print a stored run: summary and failures (with no run, on a terminal: browse the stored runs)')
    .argument('[run]', 'run id or "last"')
    .option('--json', 'print JSON')
    .option('--db <path>', 'results database')
    .action(async (runId: string | undefined, opts: { json?: boolean; db?: string }) => {
      const { showCommand } = await import('./commands/show.js');
      exit(await showCommand({ runId, json: opts.json, db: dbPath(opts.db, cli) }, cli));
    });
}

function addHistoryCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('history')
    .description("print a test's recent results")
    .argument('<name>', 'test name')
    .option('--plan <name>', 'only results of this plan')
    .option('-n, --limit <n>', 'how many results', int('--limit'), 20)
    .option('--json', 'print JSON')
    .option('--db <path>', 'results database')
    .action(async (name: string, opts: { json?: boolean; db?: string; limit: number; plan?: string }) => {
      const { historyCommand } = await import('./commands/history.js');
      exit(await historyCommand({ name, json: opts.json, db: dbPath(opts.db, cli), limit: opts.limit, plan: opts.plan }, cli));
    });
}

function addReportCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('report')
    .description('write a stored run as one self-contained HTML file (summary, filters, checks, screenshots, charts, judge verdicts)')
    .argument('[run]', 'run id, a prefix of one, or last (default)')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option('--open', 'open it in the browser')
    .option('--db <path>', 'results database')
    .action(async (runId: string | undefined, opts: { output: string; open?: boolean; db?: string }) => {
      const { reportCommand } = await import('./commands/report.js');
      exit(await reportCommand({ runId, output: opts.output, ...(opts.open ? { open: true } : {}), db: dbPath(opts.db, cli) }, cli));
    });
}

function addMergeCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('merge')
    .description('put the shards of a run back together (each ran with --shard i/n --reporter blob:DIR): one run in the store and in any reporter')
    .argument('<dirs...>', 'the blob folders (or files) the shards wrote')
    .option('-o, --output <file>', 'a report of the merged run: .html, .xml (JUnit) or .json')
    .option('-r, --reporter <name[:file]>', 'list (default), dot, json:FILE, junit:FILE, html:FILE, github (repeatable)', collect)
    .option('--db <path>', 'results database to store the merged run in')
    .action(async (dirs: string[], opts: { output?: string; reporter?: string[]; db?: string }) => {
      const { mergeCommand } = await import('./commands/merge.js');
      exit(await mergeCommand(dirs, { ...(opts.output ? { output: opts.output } : {}), ...(opts.reporter ? { reporter: opts.reporter } : {}), db: dbPath(opts.db, cli) }, cli));
    });
}

function addServeCommand(program: Command, { cli, signal, exit }: Actions): void {
  program
    .command('serve')
    .description('the orchestrator: an HTTP API that queues plans\' tests on Redis (BullMQ) for `aitest worker`s')
    .addOption(new Option('--redis <url>', 'Redis, e.g. redis://:PASSWORD@127.0.0.1:6379 (prefer AITEST_REDIS_URL: a command line is visible to `ps`)').env('AITEST_REDIS_URL').makeOptionMandatory())
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free one)', int('--port'), 8080)
    .option('--tokens-file <file>', 'JSON { "<token>": ["read", "write", "execute", "admin"] } (default: AITEST_TOKENS)')
    .option('--rate-limit <n>', 'requests per minute per token', int('--rate-limit'), 600)
    .option('--auth-fail-limit <n>', 'requests per minute from one address without a valid token', int('--auth-fail-limit'), 10)
    .option('--body-limit <bytes>', 'largest request body (default: a 20 MB plan bundle)', int('--body-limit'))
    .option('--db <path>', 'results database')
    .option('--keep-runs <n>', KEEP_RUNS_HELP.replace('after the run', 'after each run'), int('--keep-runs'))
    .option('--keep-days <d>', KEEP_DAYS_HELP.replace('after the run', 'after each run'), int('--keep-days'))
    .option('--lease <s>', 'seconds a run stays this orchestrator\'s after it last renewed its claim: then another on the same Redis and --db (or this one restarted) takes it over', int('--lease'), 10)
    .action(async (opts: { redis: string; host: string; port: number; tokensFile?: string; rateLimit: number; authFailLimit: number; bodyLimit?: number; db?: string; keepRuns?: number; keepDays?: number; lease: number }) => {
      const { serveCommand } = await import('./commands/serve.js');
      exit(await serveCommand({ ...opts, db: dbPath(opts.db, cli) }, cli, signal));
    });
}

function addWorkerCommand(program: Command, { cli, signal, exit }: Actions): void {
  program
    .command('worker')
    .description('run tests from an orchestrator\'s queue (Redis, BullMQ) until stopped; SIGTERM lets the tests in flight finish')
    .addOption(new Option('--redis <url>', 'Redis, e.g. redis://:PASSWORD@127.0.0.1:6379 (prefer AITEST_REDIS_URL: a command line is visible to `ps`)').env('AITEST_REDIS_URL').makeOptionMandatory())
    .option('--concurrency <n>', 'tests at once (default: number of cores)', int('--concurrency'))
    .option('--env <names...>', 'environment variables plans may read here (`${{ env.X }}`, `{ env: X }` secrets); none by default (also AITEST_WORKER_ENV, comma-separated)')
    .option('--deny-net <cidrs...>', 'addresses tests may not connect to, besides link-local and cloud metadata ones (e.g. 10.0.0.0/8)')
    .option('--allow-net <cidrs...>', 'only these addresses, if given (e.g. 127.0.0.1/32 10.1.0.0/16); --deny-net still applies')
    .action(async (opts: { redis: string; concurrency?: number; env?: string[]; denyNet?: string[]; allowNet?: string[] }) => {
      const { workerCommand } = await import('./commands/worker.js');
      exit(await workerCommand(opts, cli, signal));
    });
}

function addRemoteCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('remote')
    .description('a run on an orchestrator: status, stop, or logs (its events, as the list reporter prints them)')
    .argument('<action>', 'status, stop or logs')
    .argument('<run>', 'the run id')
    .requiredOption('--remote <url>', 'the orchestrator')
    .option('--token <token>', 'bearer token (prefer AITEST_TOKEN or --token-file: a command line is visible to `ps`)')
    .option('--token-file <file>', 'a file holding the bearer token')
    .action(async (action: string, runId: string, opts: { remote: string; token?: string; tokenFile?: string }) => {
      const { remoteCommand } = await import('./commands/remote.js');
      exit(await remoteCommand(action, runId, opts, cli));
    });
}

function addTrendsCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('trends')
    .description('pass rate and duration per run as sparklines, the flakiest and slowest tests, metrics over time, anomalies')
    .option('--plan <name>', 'only runs of this plan')
    .option('--last <n>', 'how many recent runs', int('--last'), 20)
    .option('--json', 'print JSON')
    .option('--db <path>', 'results database')
    .action(async (opts: { plan?: string; last: number; json?: boolean; db?: string }) => {
      const { trendsCommand } = await import('./commands/trends.js');
      exit(await trendsCommand({ ...(opts.plan === undefined ? {} : { plan: opts.plan }), last: opts.last, ...(opts.json ? { json: true } : {}), db: dbPath(opts.db, cli) }, cli));
    });
}

function addAnalyzeCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('analyze')
    .description('a stored run\'s quality score and its anomalies against each test\'s history (no model needed)')
    .argument('[run]', 'run id, a prefix of one, or last (default)')
    .option('--sigma <n>', 'flag values more than n standard deviations from their recent mean', Number, 2)
    .option('--window <n>', 'how many earlier runs make the recent history', int('--window'), 20)
    .option('--json', 'print JSON')
    .option('--db <path>', 'results database')
    .action(async (runId: string | undefined, opts: { sigma: number; window: number; json?: boolean; db?: string }) => {
      const { analyzeCommand } = await import('./commands/analyze.js');
      exit(await analyzeCommand({ runId, db: dbPath(opts.db, cli), sigma: opts.sigma, window: opts.window, json: opts.json }, cli));
    });
}

function addDoctorCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('doctor')
    .description('check Node, the browser and the results database')
    .option('--db <path>', 'results database')
    .action(async (opts: { db?: string }) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      exit(await doctorCommand({ db: dbPath(opts.db, cli) }, cli));
    });
}

function addPruneCommand(program: Command, { cli, exit }: Actions): void {
  program
    .command('prune')
    .description('remove old runs from the results store, with their results, metrics and artifacts, and shrink the file')
    .option('--keep-runs <n>', 'keep the newest n runs (default: AITEST_KEEP_RUNS)', int('--keep-runs'))
    .option('--keep-days <d>', 'remove runs started more than d days ago (default: AITEST_KEEP_DAYS)', int('--keep-days'))
    .option('--db <path>', 'results database')
    .action(async (opts: { keepRuns?: number; keepDays?: number; db?: string }) => {
      const { pruneCommand } = await import('./commands/prune.js');
      exit(await pruneCommand({ ...opts, db: dbPath(opts.db, cli) }, cli));
    });
}

function addInstallBrowserCommand(program: Command, { cli, signal, exit }: Actions): void {
  program
    .command('install-browser')
    .description('install a browser for the browser tests (Chromium by default), or print how to')
    .addArgument(new Argument('[browser]', 'browser engine').choices(['chromium', 'firefox', 'webkit']).default('chromium'))
    .action(async (browser: 'chromium' | 'firefox' | 'webkit') => {
      const { installBrowserCommand } = await import('./commands/install-browser.js');
      exit(await installBrowserCommand(browser, cli, signal));
    });
}

/** Every command, in the order `aitest --help` lists them. */
const COMMANDS = [
  addRunCommand, addValidateCommand, addInitCommand, addGenerateCommand, addShowCommand, addHistoryCommand, addReportCommand,
  addMergeCommand, addServeCommand, addWorkerCommand, addRemoteCommand, addTrendsCommand, addAnalyzeCommand, addPruneCommand,
  addDoctorCommand, addInstallBrowserCommand,
];

export async function runCli(argv: string[], cli: CliContext, signal: AbortSignal): Promise<number> {
  let exitCode: number = ExitCode.passed;
  const program = new Command('aitest')
    .description('Acceptance tests for web applications — REST, UI, load, contracts and an LLM judge — from one plan file.')
    .version(packageVersion(), '-v, --version')
    .option('--verbose', 'debug logs to stderr, stacks on errors')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => cli.stdout.write(s), writeErr: (s) => cli.stderr.write(s) })
    .addHelpText('after', EXAMPLES);
  const actions: Actions = { cli, signal, exit: (code) => { exitCode = code; } };
  for (const add of COMMANDS) add(program, actions);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, successfully.
      if (e.exitCode === 0) return ExitCode.passed;
      if (e.code === 'aitest.invalidArgument') cli.stderr.write(`error: ${e.message}\n`);
      return ExitCode.usage;
    }
    printError(e, cli);
    return exitCodeForError(e);
  }
}

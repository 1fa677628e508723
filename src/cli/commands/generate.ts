// `aitest generate --from-openapi SPEC -o plan.yaml`: a starter plan from an OpenAPI/Swagger document, checked
// as `aitest validate` checks plans before it is written, never over an existing file without --force.
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { AitestError, ExitCode, exitCodeForError } from '../../errors.js';
import { loadContract } from '../../executors/contract/load-spec.js';
import { checkGeneratedPlan } from '../../generate/check-generated.js';
import { buildPlan } from '../../generate/plan-builder.js';
import { planToYaml } from '../../generate/render-yaml.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';

export interface GenerateOptions {
  fromOpenapi: string;
  output: string;
  baseUrl?: string;
  force?: boolean;
}

const URL_SPEC = /^https?:\/\//i;
const posix = (p: string): string => p.split(path.sep).join('/');

/** `./x` for a path beside the plan, as the examples spell it. */
function relativeRef(fromDir: string, target: string): string {
  const rel = posix(path.relative(fromDir, target));
  return rel.startsWith('.') || path.isAbsolute(rel) ? rel : `./${rel}`;
}

export async function generateCommand(opts: GenerateOptions, cli: CliContext): Promise<number> {
  const c = pc.createColors(cli.colors);
  try {
    const out = path.resolve(cli.cwd, opts.output);
    const shownOut = posix(path.relative(cli.cwd, out)) || opts.output;
    if (!/\.ya?ml$/i.test(out)) throw new AitestError('USAGE', `-o ${opts.output}: the generated plan is YAML; name it .yaml or .yml`);
    if (!opts.force && (await access(out).then(() => true, () => false))) {
      throw new AitestError('USAGE', `${shownOut} exists; not overwriting it`, { hint: 'Pass --force to overwrite it, or -o another file.' });
    }
    if (opts.baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(opts.baseUrl)) {
      throw new AitestError('USAGE', `--base-url must be an http(s) URL, got "${opts.baseUrl}"`);
    }
    const isUrl = URL_SPEC.test(opts.fromOpenapi);
    const location = isUrl ? opts.fromOpenapi : path.resolve(cli.cwd, opts.fromOpenapi);
    const contract = await loadContract(location, opts.fromOpenapi);

    const schemaFile = fileURLToPath(new URL('../../../aitest.config.schema.json', import.meta.url));
    const plan = buildPlan(contract, {
      specRef: isUrl ? location : relativeRef(path.dirname(out), location),
      ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
      schemaRef: relativeRef(path.dirname(out), schemaFile),
    });
    const text = planToYaml(plan, { source: isUrl ? location : posix(path.relative(path.dirname(out), location)) || opts.fromOpenapi });
    await checkGeneratedPlan(text, shownOut);

    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, text);
    const { operations, apiTests, skipped } = plan.stats;
    const s = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    cli.stdout.write(`${c.green('✓')} ${s(operations, 'operation')}, 1 contract test, ${s(apiTests, 'api test')} (${skipped} skipped) → ${shownOut}\n`);
    if (plan.baseUrlComment) cli.stderr.write(`${c.yellow('warning:')} ${plan.baseUrlComment}\n`);
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}

// `aitest generate REQUIREMENTS -o plan.yaml`: the judge's model drafts a plan from requirements (Markdown or
// text), it is validated and repaired, then written as commented YAML with each test's `requirement` and a
// coverage table. `--dry-run` prints it instead. Without a model it says so and points to --from-openapi.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { Document } from 'yaml';
import { AitestError, ExitCode, exitCodeForError } from '../../errors.js';
import { coverage, draftPlan } from '../../generate/from-requirements.js';
import { parseRequirements } from '../../generate/requirements.js';
import { resolveJudge } from '../../judge/config.js';
import { createProvider } from '../../judge/providers/index.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';

export interface GenerateFromRequirementsOptions {
  requirements: string;
  output?: string;
  baseUrl?: string;
  openapi?: string;
  site?: string;
  dryRun?: boolean;
  force?: boolean;
}

const posix = (p: string): string => p.split(path.sep).join('/');

export async function generateFromRequirements(o: GenerateFromRequirementsOptions, cli: CliContext): Promise<number> {
  const c = pc.createColors(cli.colors);
  try {
    if (!o.dryRun && o.output === undefined) throw new AitestError('USAGE', 'say where to write the plan: -o plan.yaml (or --dry-run to print it)');
    const out = o.output === undefined ? undefined : path.resolve(cli.cwd, o.output);
    if (out && !/\.ya?ml$/i.test(out)) throw new AitestError('USAGE', `-o ${o.output}: the generated plan is YAML; name it .yaml or .yml`);
    if (out && !o.dryRun && !o.force && (await access(out).then(() => true, () => false))) {
      throw new AitestError('USAGE', `${o.output} exists; not overwriting it`, { hint: 'Pass --force to overwrite it, or -o another file.' });
    }
    const judge = resolveJudge(undefined, cli.env);
    if (!judge.ok) {
      throw new AitestError('USAGE', `generating a plan from requirements needs a model: ${judge.reason}`, {
        hint: 'Set OPENAI_API_KEY (or AITEST_JUDGE_BASE_URL for a local OpenAI-compatible server). From an OpenAPI document no model is needed: aitest generate --from-openapi SPEC -o plan.yaml',
      });
    }
    const text = await readFile(path.resolve(cli.cwd, o.requirements), 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new AitestError('NOT_FOUND', `cannot read the requirements ${o.requirements}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
    const requirements = parseRequirements(text);
    if (requirements.length === 0) throw new AitestError('USAGE', `${o.requirements} holds no requirements`, { hint: 'Write them as Markdown headings or lines starting with ids like REQ-1.' });
    let operations: string[] | undefined;
    if (o.openapi !== undefined) {
      const { loadContract } = await import('../../executors/contract/load-spec.js');
      const location = /^https?:\/\//i.test(o.openapi) ? o.openapi : path.resolve(cli.cwd, o.openapi);
      operations = (await loadContract(location, o.openapi)).operations.map((op) => `${op.title}${op.operationId ? ` (${op.operationId})` : ''}`);
    }
    let site: string[] | undefined;
    if (o.site !== undefined) {
      if (!/^https?:\/\/[^/]/i.test(o.site)) throw new AitestError('USAGE', `--site must be an http(s) URL, got "${o.site}"`);
      const { surveySite, describeSurvey } = await import('../../generate/site-survey.js');
      site = describeSurvey(await surveySite(o.site, cli.env));
    }
    const planName = path.basename(o.requirements).replace(/\.[^.]+$/, '');
    const provider = await createProvider(judge.config);
    const draft = await draftPlan({ requirements, planName, ...(o.baseUrl === undefined ? {} : { baseUrl: o.baseUrl }), ...(operations ? { operations } : {}), ...(site ? { site } : {}) }, provider, judge.config);
    if (draft.issues.length > 0) {
      throw new AitestError('INFRA', `the model's plan still does not validate after ${draft.rounds} rounds of repair; nothing was written`, {
        issues: draft.issues, hint: 'Try a stronger model (AITEST_JUDGE_MODEL), or shorter, more concrete requirements.',
      });
    }
    const covered = coverage(requirements, draft.plan);
    const schemaFile = fileURLToPath(new URL('../../../aitest.config.schema.json', import.meta.url));
    const yaml = render(draft.plan, covered, {
      source: posix(path.relative(out ? path.dirname(out) : cli.cwd, path.resolve(cli.cwd, o.requirements))),
      model: judge.config.model,
      schemaRef: posix(path.relative(out ? path.dirname(out) : cli.cwd, schemaFile)),
    });
    const tests = Array.isArray(draft.plan.tests) ? draft.plan.tests.length : 0;
    if (o.dryRun) cli.stdout.write(yaml);
    else {
      await mkdir(path.dirname(out!), { recursive: true });
      await writeFile(out!, yaml);
    }
    const where = o.dryRun ? '(dry run, not written)' : `→ ${o.output}`;
    cli.stderr.write(`${c.green('✓')} ${tests} test${tests === 1 ? '' : 's'} for ${requirements.length} requirement${requirements.length === 1 ? '' : 's'} ${where} (${draft.rounds} round${draft.rounds === 1 ? '' : 's'}, ${draft.usage.input + draft.usage.output} tokens)\n`);
    const width = Math.max(...covered.map((r) => r.id.length));
    for (const r of covered) {
      const n = r.tests.length;
      cli.stderr.write(`  ${r.id.padEnd(width)}  ${n === 0 ? c.red('no test') : c.dim(`${n} test${n === 1 ? '' : 's'}`)}  ${r.title}\n`);
    }
    const missing = covered.filter((r) => r.tests.length === 0);
    if (missing.length) cli.stderr.write(`${c.yellow('warning:')} no test covers ${missing.map((r) => r.id).join(', ')}\n`);
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}

function render(plan: Record<string, unknown>, covered: ReturnType<typeof coverage>, o: { source: string; model: string; schemaRef: string }): string {
  const doc = new Document(plan, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` yaml-language-server: $schema=${o.schemaRef.startsWith('.') ? o.schemaRef : `./${o.schemaRef}`}`,
    ` Drafted by \`aitest generate\` from ${o.source} with ${o.model}: review it before you rely on it.`,
    ' Coverage:',
    ...covered.map((r) => `   ${r.id}: ${r.tests.length === 0 ? 'NO TEST' : r.tests.join(', ')}`),
  ].join('\n');
  return doc.toString({ lineWidth: 120 });
}

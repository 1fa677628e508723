// Reads an OpenAPI/Swagger document once: swagger-parser dereferences it ($refs in the file, beside it or at a
// URL become shared objects), then the version's builder makes the operation model. swagger-parser is
// imported here, on first use: a run without contract tests never loads it. Every file it reads goes
// through the plan's sandbox (inside the job's bundle on a remote worker), and its errors name files and
// places in them, never their lines.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AitestError } from '../../errors.js';
import type { NetPolicy } from '../../util/net-policy.js';
import { LOCAL_SANDBOX, type Sandbox } from '../../util/sandbox.js';
import type { ExecContext } from '../types.js';
import { isNode } from './doc-read.js';
import type { Contract } from './model.js';
import { contractFromOpenApi3 } from './model-openapi3.js';
import { contractFromSwagger2 } from './model-swagger2.js';
import { guardedHttpResolver } from './spec-fetch.js';

const URL_SPEC = /^https?:\/\//i;

/** An http(s) URL as is; a path relative to the plan file made absolute (through `sandbox`: see contractFor). */
export function specLocation(spec: string, planFile: string, sandbox: Sandbox = LOCAL_SANDBOX, what = 'contract `spec`'): string {
  return URL_SPEC.test(spec) ? spec : sandbox.file(spec, planFile, what);
}

/**
 * The document a plan's key (`what`: "contract `spec`", "`expect.openapi.spec`") names: an http(s) URL, or a
 * path relative to the plan file, inside the job's bundle on a remote worker. Loaded once per worker and
 * document: every test on it shares the parse.
 */
export function contractFor(spec: string, what: string, ctx: ExecContext): Promise<Contract> {
  const location = specLocation(spec, ctx.test.file, ctx.sandbox, what);
  const planFile = ctx.test.file;
  const confine = ctx.sandbox.untrusted ? (file: string) => ctx.sandbox.file(file, planFile, `a \`$ref\` in the contract spec ${spec}:`) : undefined;
  return ctx.resource(`contract-spec:${location}`, () => loadContract(location, spec, { ...(confine ? { confine } : {}), ...(ctx.sandbox.net ? { net: ctx.sandbox.net } : {}) }));
}

export interface LoadSpecOptions {
  /** Every file the document or its `$ref`s lead to is checked here first (throws to refuse it). */
  confine?: (file: string) => void;
  /** A remote worker's egress policy: documents and `$ref`s at http(s) URLs are fetched under it. */
  net?: NetPolicy;
}

/** The operation model of the document at `location` (absolute path or URL); an AitestError names what is wrong. */
export async function loadContract(location: string, shown: string = location, o: LoadSpecOptions = {}): Promise<Contract> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  let doc: unknown;
  // What fails inside the resolver comes back wrapped by swagger-parser, its reason lost: kept here as thrown.
  let refused: unknown;
  let unreadable: { file: string; error: NodeJS.ErrnoException } | undefined;
  const file = {
    order: 100,
    canRead: (f: { url: string }) => isFilePath(f.url),
    async read(f: { url: string }): Promise<Buffer> {
      const p = filePathOf(f.url);
      try {
        o.confine?.(p);
      } catch (e) {
        refused = e;
        throw e;
      }
      try {
        return await readFile(p);
      } catch (e) {
        unreadable ??= { file: p, error: e as NodeJS.ErrnoException };
        throw e;
      }
    },
  };
  // Under a worker's egress policy, documents and $refs at URLs are fetched through it.
  const http = o.net ? guardedHttpResolver(o.net) : undefined;
  try {
    // A path string, never a parsed object: dereference rewrites the object it is given.
    doc = await SwaggerParser.dereference(location, { resolve: { file, ...(http ? { http } : {}) } });
  } catch (e) {
    if (refused) throw refused;
    if (unreadable) throw unreadableError(unreadable.file, unreadable.error, location, shown);
    throw describeLoadError(http?.failure ?? e, location, shown);
  }
  if (!isNode(doc)) throw new AitestError('PLAN_INVALID', `the contract spec ${shown} is not an OpenAPI document`);
  return doc.swagger === '2.0' ? contractFromSwagger2(doc, location) : contractFromOpenApi3(doc, location);
}

// As swagger-parser's own file resolver tells paths from URLs: no `scheme://`, or `file://`.
const isFilePath = (url: string): boolean => {
  const scheme = /^(\w{2,}):\/\//.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'file';
};

/** The file a resolver URL names (swagger-parser percent-encodes paths). What is checked is what is read. */
function filePathOf(url: string): string {
  if (/^file:/i.test(url)) return fileURLToPath(url);
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

const HINT = '`spec` is an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON): a path relative to the plan file, or an http(s) URL.';

/**
 * The first line of a parser's message, with what it quotes of the file left out: js-yaml follows its
 * reason with the lines around the fault, and names tags and anchors it read (`unknown tag !<…>`).
 */
function parseReason(message: string): string {
  const first = message.split('\n')[0].replace(/^Error parsing \S+: /, '');
  return first.replace(/"[^"]*"|'[^']*'|<[^>]*>/g, '…');
}

function unreadableError(file: string, error: NodeJS.ErrnoException, location: string, shown: string): AitestError {
  const why = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'it is a directory' : error.code ?? error.message;
  if (file === location) return new AitestError('PLAN_INVALID', `cannot read the contract spec ${shown === location ? shown : `${shown} (${location})`}: ${why}`, { hint: HINT, cause: error });
  return new AitestError('PLAN_INVALID', `cannot read ${path.relative(path.dirname(location), file)}, which a $ref in the contract spec ${shown} points to: ${why}`, {
    hint: 'A `$ref` to another file is relative to the document that holds it.', cause: error,
  });
}

function describeLoadError(e: unknown, location: string, shown: string): AitestError {
  const err = e as { name?: string; message?: string; code?: string; source?: string };
  // swagger-parser repeats the full path in its messages; the plan's own spelling reads better. Only the
  // first line: what follows can be lines of the file.
  const detail = String(err.message ?? e).split('\n')[0].split(location).join(shown).replace(/^Error (parsing|opening file) \S+: /, '');
  const where = shown === location ? shown : `${shown} (${location})`;
  // A $ref'd file's fault is that file's: named relative to the spec.
  const inRef = err.source && err.source !== location && !URL_SPEC.test(err.source) && !URL_SPEC.test(location) ? ` (in ${path.relative(path.dirname(location), filePathOf(err.source))})` : '';
  switch (err.name) {
    case 'ResolverError':
      if (/ENOENT/.test(detail)) return new AitestError('PLAN_INVALID', `cannot read the contract spec ${where}: no such file`, { hint: HINT, cause: e });
      return new AitestError(URL_SPEC.test(location) ? 'INFRA' : 'PLAN_INVALID', `cannot read the contract spec ${where}: ${detail}`, { hint: HINT, cause: e });
    case 'ParserError':
      // No cause: its message holds lines of the file, and a cause is printed with --verbose.
      return new AitestError('PLAN_INVALID', `the contract spec ${shown}${inRef} is not valid YAML or JSON: ${parseReason(String(err.message))}`, { hint: HINT });
    case 'MissingPointerError':
    case 'InvalidPointerError':
      return new AitestError('PLAN_INVALID', `the contract spec ${shown} has a broken $ref: ${detail}`, { hint: 'Every `$ref` must point at something that exists.', cause: e });
    case 'SyntaxError':
      return new AitestError('PLAN_INVALID', `the contract spec ${shown} is not an OpenAPI document: ${detail}`, { hint: HINT, cause: e });
    default:
      return new AitestError('PLAN_INVALID', `cannot load the contract spec ${shown}: ${detail}`, { hint: HINT, cause: e });
  }
}

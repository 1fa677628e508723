// The GraphQL document of an operation: its text (inline, or a .graphql file beside the plan), parsed with
// `graphql` before anything is sent, so a syntax error is a clear test error naming line and column.
// `graphql` is loaded on first use: a run without GraphQL never pays for it.
import { readFile } from 'node:fs/promises';
import { AitestError } from '../../errors.js';
import type { Sandbox } from '../../util/sandbox.js';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { GraphqlOperationSpec } from '../../plan/types.js';

export interface GraphqlDocument {
  /** The text sent as `query`. */
  text: string;
  /** The kind of the operation that runs: `query`, `mutation` or `subscription`. */
  kind: string;
  /** The metric label: the operation's name, else its kind. */
  label: string;
}

type GraphqlModule = typeof import('graphql');
let graphqlModule: Promise<GraphqlModule> | undefined;

function loadGraphql(): Promise<GraphqlModule> {
  return (graphqlModule ??= import('graphql'));
}

interface Parsed {
  kind: string;
  name?: string;
}

// Plans repeat the same few documents; each is parsed once per worker. Bounded: templates can make texts unique.
const parsedDocuments = new Map<string, Parsed>();
const MAX_PARSED = 500;

const EXAMPLE = 'e.g. `query: "{ users { id name } }"`, or `query: { file: ./users.graphql }`.';

/** The operation's document, read and checked; throws an AitestError (→ test `error`) when it cannot be sent. */
export async function loadDocument(op: GraphqlOperationSpec, planFile: string, sandbox: Sandbox): Promise<GraphqlDocument> {
  if (op.query !== undefined && op.mutation !== undefined) {
    throw new AitestError('PLAN_INVALID', 'a graphql operation has both `query` and `mutation`', { hint: 'Send one operation: a `query`, or a `mutation`.' });
  }
  const key = op.mutation !== undefined ? 'mutation' : 'query';
  const source = op.mutation ?? op.query;
  if (source === undefined) throw new AitestError('PLAN_INVALID', 'a graphql operation needs a `query` or a `mutation`', { hint: EXAMPLE });
  const inline = typeof source === 'string';
  const { text, where } = inline ? { text: source, where: `the ${key}` } : await readDocumentFile(source.file, planFile, key, sandbox);

  const memoKey = `${op.operationName ?? ''}\u0000${text}`;
  let parsed = parsedDocuments.get(memoKey);
  if (parsed === undefined) {
    parsed = parseDocument(await loadGraphql(), text, where, op.operationName, inline);
    if (parsedDocuments.size >= MAX_PARSED) parsedDocuments.clear();
    parsedDocuments.set(memoKey, parsed);
  }
  // `query:` is the usual name for any document; `mutation:` says a mutation is meant, so a query there is a mistake.
  if (key === 'mutation' && parsed.kind !== 'mutation') {
    throw new AitestError('PLAN_INVALID', `\`mutation:\` holds a ${parsed.kind}, not a mutation`, {
      hint: 'Write `mutation { … }` (or `mutation Name($v: T) { … }`), or use `query:` for a query.',
    });
  }
  return { text, kind: parsed.kind, label: op.operationName ?? parsed.name ?? parsed.kind };
}

async function readDocumentFile(file: string, planFile: string, key: string, sandbox: Sandbox): Promise<{ text: string; where: string }> {
  // Inside the job's bundle on a remote worker: a plan must not read the worker's files.
  const full = sandbox.file(file, planFile, `graphql \`${key}: { file }\``);
  try {
    return { text: await readFile(full, 'utf8'), where: file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new AitestError('PLAN_INVALID', `cannot read the ${key} file ${file} (${full}): ${why}`, { hint: 'A `file:` path is relative to the plan file.' });
  }
}

/**
 * `inline`: the document is the plan's own text, which an error may quote. A file's is never quoted, not
 * even a token of it (`Unexpected Name "root"`): any file can be named, and errors travel to reports.
 */
function parseDocument(g: GraphqlModule, text: string, where: string, operationName: string | undefined, inline: boolean): Parsed {
  let document: DocumentNode;
  try {
    document = g.parse(text);
  } catch (e) {
    if (!(e instanceof g.GraphQLError)) throw e;
    const at = e.locations?.[0];
    const said = e.message.replace(/^Syntax Error:\s*/, '');
    const reason = inline ? said : withoutTokens(said);
    if (!at) throw new AitestError('PLAN_INVALID', `GraphQL syntax error in ${where}: ${reason}`);
    throw new AitestError('PLAN_INVALID', `GraphQL syntax error in ${where} at line ${at.line}, column ${at.column}: ${reason}`, {
      hint: inline ? `${excerpt(text, at.line, at.column)} — check brackets, quotes and names there.` : `Open ${where} at line ${at.line}, column ${at.column}: check brackets, quotes and names there.`,
    });
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === g.Kind.OPERATION_DEFINITION);
  if (operations.length === 0) throw new AitestError('PLAN_INVALID', `${where} holds no operation (only fragments)`, { hint: EXAMPLE });
  const operation = g.getOperationAST(document, operationName);
  if (!operation) {
    const names = operations.map((o) => o.name?.value ?? '(anonymous)').join(', ');
    if (operationName !== undefined) {
      throw new AitestError('PLAN_INVALID', `${where} has no operation named "${operationName}"; it has: ${names}`, { hint: 'Set `operationName` to one of them.' });
    }
    throw new AitestError('PLAN_INVALID', `${where} holds ${operations.length} operations (${names}): which one should run?`, { hint: 'Set `operationName`.' });
  }
  const parsed: Parsed = { kind: operation.operation };
  if (operation.name) parsed.name = operation.name.value;
  return parsed;
}

/**
 * A parser message without the text it found: `Unexpected Name "root".` → `Unexpected Name "…".`. What it
 * expected (`Expected "$"`) is the grammar's, and stays.
 */
function withoutTokens(message: string): string {
  return message.replace(/(?<!Expected )"(?:[^"\\]|\\.)*"/g, '"…"');
}

/** The line of `text` around `column`, for a hint: `line 2: "  users(first: $n {"`. */
function excerpt(text: string, line: number, column: number): string {
  const full = text.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const start = Math.max(0, column - 41);
  const shown = `${start > 0 ? '…' : ''}${full.slice(start, column + 40).trim()}${column + 40 < full.length ? '…' : ''}`;
  return `line ${line}: "${shown}"`;
}

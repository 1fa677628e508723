// Errors quote the plan, never a file: a GraphQL document read from a file and a contract spec that
// fails to parse are named with their line and column, and none of their text shows up (locally too).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { loadContract } from '../../../src/executors/contract/load-spec.js';
import { loadDocument } from '../../../src/executors/graphql/document.js';
import { bundleSandbox, LOCAL_SANDBOX } from '../../../src/util/sandbox.js';

const CANARY = 'canaryText4711';
const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-quotes-'));
const write = (name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const plan = path.join(dir, 'plan.yaml');

async function failure(p: Promise<unknown>): Promise<AitestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AitestError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
const shown = (e: AitestError): string => `${e.message}\n${e.hint ?? ''}`;

describe('GraphQL syntax errors', () => {
  it('in a file: line and column, the file named, not a word of it quoted', async () => {
    write('bad.graphql', `query {\n  ${CANARY}(first: 2 {\n    id\n  }\n}\n`);
    const e = await failure(loadDocument({ query: { file: 'bad.graphql' } }, plan, LOCAL_SANDBOX));
    expect(e.message).toBe('GraphQL syntax error in bad.graphql at line 2, column 27: Expected Name, found "…".');
    expect(e.hint).toBe('Open bad.graphql at line 2, column 27: check brackets, quotes and names there.');
    // A file whose first word is the fault: the parser would name it (`Unexpected Name "…"`).
    write('shadow.graphql', `${CANARY}:$6$abc:19000:0:99999:7:::\n`);
    const first = await failure(loadDocument({ query: { file: 'shadow.graphql' } }, plan, LOCAL_SANDBOX));
    expect(first.message).toBe('GraphQL syntax error in shadow.graphql at line 1, column 1: Unexpected Name "…".');
    expect(shown(e) + shown(first)).not.toContain(CANARY);
    // The same document inline in the plan: the plan's own text may be quoted.
    const inline = await failure(loadDocument({ query: `query {\n  ${CANARY}(first: 2 {\n    id\n  }\n}` }, plan, LOCAL_SANDBOX));
    expect(inline.hint).toContain(`${CANARY}(first: 2 {`);
  });

  it('on a remote worker, a file outside the bundle is refused before it is read', async () => {
    const outside = write('outside.graphql', `${CANARY} {`);
    const e = await failure(loadDocument({ mutation: { file: outside } }, path.join(dir, 'bundle', 'plan.yaml'), bundleSandbox(path.join(dir, 'bundle'))));
    expect(e.message).toBe(`graphql \`mutation: { file }\` ${JSON.stringify(outside)} is outside the plan's folder, which is all a remote worker reads`);
  });
});

describe('contract specs that do not parse', () => {
  it('broken YAML: the place and the reason, none of its lines', async () => {
    const e = await failure(loadContract(write('broken.yaml', `openapi: 3.0.3\ninfo: { title: t\n  ${CANARY}: [x\npaths: {}\n`), './broken.yaml'));
    expect(e.message).toBe('the contract spec ./broken.yaml is not valid YAML or JSON: missed comma between flow collection entries (3:17)');
    expect(shown(e)).not.toContain(CANARY);
  });

  it('a tag the parser does not know is not echoed either', async () => {
    const e = await failure(loadContract(write('tag.yaml', `--- !<tag:${CANARY}.example,2000:x>\nopenapi: 3.0.3\n`), './tag.yaml'));
    expect(e.message).toMatch(/^the contract spec \.\/tag\.yaml is not valid YAML or JSON: unknown tag !… \(\d+:\d+\)$/);
    expect(shown(e)).not.toContain(CANARY);
  });

  it('a broken file behind a $ref is named, relative to the spec', async () => {
    write('schemas.yaml', `Thing: { type: object\n  ${CANARY}: [\n`);
    const spec = write('refs.yaml', 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n        "200": { description: ok, content: { application/json: { schema: { $ref: "schemas.yaml#/Thing" } } } }\n');
    const e = await failure(loadContract(spec, './refs.yaml'));
    expect(e.message).toMatch(/^the contract spec \.\/refs\.yaml \(in schemas\.yaml\) is not valid YAML or JSON: .*\(\d+:\d+\)$/);
    expect(shown(e)).not.toContain(CANARY);
  });

  it('a $ref that leaves the bundle is refused by the confinement it is given', async () => {
    const outside = write('elsewhere.yaml', 'Thing: { type: object }\n');
    const spec = write('leaves.yaml', `openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n        "200": { description: ok, content: { application/json: { schema: { $ref: "${outside}#/Thing" } } } }\n`);
    const seen: string[] = [];
    const e = await failure(loadContract(spec, './leaves.yaml', {
      confine: (file) => {
        seen.push(file);
        if (file !== spec) throw new AitestError('PLAN_INVALID', `refused ${file}`);
      },
    }));
    expect(e.message).toBe(`refused ${outside}`);
    expect(seen).toEqual([spec, outside]);
  });
});

// The `${{ expr }}` grammar: parsing template strings into parts. A tiny, closed grammar: no eval, no code.
//   expr := vars.NAME(.KEY | [N])*  |  captures.NAME(.KEY | [N])*  |  env.NAME  |  faker.MODULE.METHOD[(ARG, …)]
//   ARG  := number | 'text' | "text"
import { AitestError } from '../errors.js';

export type TemplateArg = number | string;

export type TemplateExpr =
  | { root: 'vars' | 'captures'; name: string; path: (string | number)[]; source: string }
  | { root: 'env'; name: string; source: string }
  | { root: 'faker'; generator: string; args: TemplateArg[]; source: string };

/** `single`: the whole string is one `${{ … }}`, so the value keeps its type (number, object…). */
export type Template = { kind: 'single'; expr: TemplateExpr } | { kind: 'parts'; parts: (string | TemplateExpr)[] };

export const TEMPLATE_OPEN = '${{';
const CLOSE = '}}';
const TEMPLATE_ROOTS = ['vars', 'env', 'captures', 'faker'] as const;

// Parsed templates by source text. Plans hold a bounded set of template strings, and the same ones are
// resolved for every request, so this memo saves re-parsing in long runs; the cap guards odd inputs.
const memo = new Map<string, Template>();
const MEMO_LIMIT = 10_000;

/** Parses a string that contains `${{`. Throws AitestError('PLAN_INVALID') naming what is wrong. */
export function parseTemplate(text: string): Template {
  const hit = memo.get(text);
  if (hit) return hit;
  const parsed = parseUncached(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): Template {
  const parts: (string | TemplateExpr)[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(TEMPLATE_OPEN, at);
    if (open < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (open > at) parts.push(text.slice(at, open));
    const close = text.indexOf(CLOSE, open + TEMPLATE_OPEN.length);
    if (close < 0) {
      throw syntaxError(`\`${clip(text.slice(open))}\` is not closed: end it with \`}}\`.`);
    }
    parts.push(parseExpression(text.slice(open + TEMPLATE_OPEN.length, close)));
    at = close + CLOSE.length;
  }
  const only = parts[0];
  if (parts.length === 1 && typeof only === 'object') return { kind: 'single', expr: only };
  return { kind: 'parts', parts };
}

/**
 * Every template in `text`, each parsed on its own: an expression, or the error that stops it from being
 * read. Validation uses this to report all problems in a string, not just the first.
 */
export function scanTemplates(text: string): (TemplateExpr | AitestError)[] {
  const out: (TemplateExpr | AitestError)[] = [];
  let at = text.indexOf(TEMPLATE_OPEN);
  while (at >= 0) {
    const close = text.indexOf(CLOSE, at + TEMPLATE_OPEN.length);
    if (close < 0) {
      out.push(syntaxError(`\`${clip(text.slice(at))}\` is not closed: end it with \`}}\`.`));
      break;
    }
    try {
      out.push(parseExpression(text.slice(at + TEMPLATE_OPEN.length, close)));
    } catch (e) {
      if (!(e instanceof AitestError)) throw e;
      out.push(e);
    }
    at = text.indexOf(TEMPLATE_OPEN, close + CLOSE.length);
  }
  return out;
}

/** Parses the inside of `${{ … }}`. */
function parseExpression(inner: string): TemplateExpr {
  const source = inner.trim();
  const shown = `\${{ ${source} }}`;
  if (source === '') throw syntaxError('`${{ }}` is empty: write what to insert, e.g. `${{ vars.name }}`.');
  const s = new Scanner(source, shown);
  const root = s.ident('vars, env, captures or faker');
  if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
    throw syntaxError(`\`${shown}\` can't be read: templates start with vars., env., captures. or faker.`, rootHint(root));
  }
  s.expect('.', `a name after \`${root}.\``);
  if (root === 'env') {
    const name = s.ident('an environment variable name');
    s.end();
    return { root, name, source };
  }
  if (root === 'faker') {
    const generator = `${s.ident('a faker module, e.g. faker.person.fullName')}.${(s.expect('.', 'a method after the module, e.g. faker.person.fullName'), s.ident('a faker method'))}`;
    const args = s.peek() === '(' ? s.args() : [];
    s.end();
    return { root, generator, args, source };
  }
  const name = s.ident(`a name after \`${root}.\``);
  const path: (string | number)[] = [];
  while (!s.done()) {
    if (s.peek() === '.') {
      s.next();
      path.push(s.ident('a key after `.`'));
    } else if (s.peek() === '[') {
      s.next();
      path.push(s.integer());
      s.expect(']', '`]`');
    } else {
      s.fail('`.key`, `[index]` or the end of the template');
    }
  }
  return { root: root as 'vars' | 'captures', name, path, source };
}

function rootHint(root: string): string | undefined {
  const close: Record<string, string> = { var: 'vars', variables: 'vars', capture: 'captures', process: 'env', environment: 'env' };
  const to = close[root];
  return to ? `did you mean \`${to}\`?` : undefined;
}

class Scanner {
  private i = 0;
  constructor(private readonly src: string, private readonly shown: string) {}

  done(): boolean {
    this.skipSpace();
    return this.i >= this.src.length;
  }
  peek(): string | undefined {
    this.skipSpace();
    return this.src[this.i];
  }
  next(): void {
    this.i++;
  }
  expect(ch: string, what: string): void {
    if (this.peek() !== ch) this.fail(what);
    this.i++;
  }
  end(): void {
    if (!this.done()) this.fail('the end of the template');
  }
  ident(what: string): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.i));
    if (!m) this.fail(what);
    this.i += m[0].length;
    return m[0];
  }
  integer(): number {
    this.skipSpace();
    const m = /^\d+/.exec(this.src.slice(this.i));
    if (!m) this.fail('a list index such as [0]');
    this.i += m[0].length;
    return Number(m[0]);
  }
  args(): TemplateArg[] {
    this.expect('(', '`(`');
    const out: TemplateArg[] = [];
    if (this.peek() === ')') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.literal());
      const c = this.peek();
      this.i++;
      if (c === ')') return out;
      if (c !== ',') this.fail('`,` or `)` in the argument list', -1);
    }
  }
  fail(what: string, back = 0): never {
    const rest = this.src.slice(this.i + back).trim();
    throw syntaxError(`\`${this.shown}\` can't be read: expected ${what}${rest ? ` at \`${clip(rest)}\`` : ''}.`);
  }
  private literal(): TemplateArg {
    this.skipSpace();
    const rest = this.src.slice(this.i);
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    const str = /^'([^']*)'|^"([^"]*)"/.exec(rest);
    if (str) {
      this.i += str[0].length;
      return str[1] ?? str[2] ?? '';
    }
    return this.fail('a number or quoted text as an argument');
  }
  private skipSpace(): void {
    while (this.src[this.i] === ' ' || this.src[this.i] === '\t') this.i++;
  }
}

function syntaxError(message: string, hint?: string): AitestError {
  return new AitestError('PLAN_INVALID', message, hint ? { hint } : {});
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// The esbuild plugins that shape the dashboard's bundle (scripts/bundle-dashboard.mjs): what makes it
// CommonJS at all (no top-level await), and what keeps its start-up short (each measured on the
// dashboard's thread; the why is beside each).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Replaces `from` in a file's source, and fails the build when it is not there (a dependency changed). */
export const replaceOnce = (file, source, from, to) => {
  if (!source.includes(from)) throw new Error(`bundle-dashboard: "${from}" is no longer in ${file}; see scripts/bundle-dashboard.mjs`);
  return source.replace(from, to);
};

/**
 * Puts a module of ours in front of a dependency: imports of `filter` (those `when` accepts) get the
 * module `contents(real)` returns, which reaches the real one as `real` (a path relative to it). The real
 * module stays reachable from there; its path is named relative to the package, not to the machine that
 * built it.
 */
const standIn = (b, { filter, namespace, when = () => true, contents }) => {
  b.onResolve({ filter }, async (args) => {
    if (args.pluginData === 'real' || !when(args)) return undefined;
    const real = await b.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
    if (real.errors.length) return { errors: real.errors };
    return { path: path.relative('.', real.path), namespace };
  });
  b.onLoad({ filter: /.*/, namespace }, (args) => ({
    loader: 'js',
    resolveDir: path.resolve(path.dirname(args.path)),
    contents: contents(`./${path.basename(args.path)}`, args.path),
  }));
};

// ink imports react-devtools-core only when DEV=true; it is not installed, so it becomes an empty module.
export const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

// yoga's WebAssembly as base64, taken from its loader's source (see below); the bundle step puts it in.
let yogaWasm;
export const yogaWasmBase64 = () => yogaWasm;

// CommonJS has no top-level await; two dependencies use it, both for what can be done synchronously.
export const noTopLevelAwait = {
  name: 'no-top-level-await',
  setup(b) {
    // ink awaits its devtools hook-up (and its package.json) only when DEV=true, which the bundle does not
    // support (see no-devtools).
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, ({ path }) => {
      let s = readFileSync(path, 'utf8');
      s = replaceOnce(path, s, "await import('./devtools.js');", 'void 0;');
      s = replaceOnce(path, s, '? await loadPackageJson()', '? {}');
      return { contents: s, loader: 'js' };
    });
    // yoga-layout awaits the instantiation of its WebAssembly, inlined as base64. Emscripten's loader takes an
    // `instantiateWasm` hook: instantiated synchronously (allowed off the browser's main thread), the module
    // is ready when the loader returns. The wasm moves out of the loader's source into ours, decoded by
    // Buffer (native) rather than by the loader's JavaScript.
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, ({ path }) => {
      let s = readFileSync(path, 'utf8');
      const m = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(s);
      if (!m) throw new Error(`bundle-dashboard: no inlined wasm in ${path}`);
      yogaWasm = m[1];
      s = replaceOnce(path, s, m[0], '');
      s = replaceOnce(path, s, 'var _scriptDir = import.meta.url;', 'var _scriptDir = undefined;');
      return { contents: s, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, ({ path }) => {
      const s = readFileSync(path, 'utf8');
      replaceOnce(path, s, 'const Yoga = wrapAssembly(await loadYoga());', '');
      return {
        loader: 'js',
        resolveDir: path.replace(/[\\/][^\\/]*$/, ''),
        contents: `import loadYoga from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const lib = {
  instantiateWasm(imports, ready) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(__yogaWasm(), 'base64')), imports);
    ready(instance);
    return instance.exports;
  },
};
loadYoga(lib);
export default wrapAssembly(lib);
export * from './generated/YGEnums.js';
`,
      };
    });
  },
};

// Each copy of string-width (ink's dependencies pull in four) behind the dashboard's own count for plain
// text (src/dashboard/text-width.ts): the copy itself loads on first use, and for most runs never.
let fastWidths = 0;
export const fastWidthCopies = () => fastWidths;
export const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    const fast = JSON.stringify(path.resolve('dist/dashboard/text-width.js'));
    standIn(b, {
      filter: /^string-width$/,
      namespace: 'string-width-fast',
      // require(): esbuild then evaluates the copy on the first call that needs it, not when the bundle loads.
      contents: (real) => {
        // Counted: the build fails if ink's dependencies stop using string-width this way.
        fastWidths++;
        return `import { fastStringWidth } from ${fast};
let real;
export default function stringWidth(text, options) {
  const width = options === undefined ? fastStringWidth(text) : undefined;
  return width ?? (real ??= require(${JSON.stringify(real)}).default)(text, options);
}
`;
      },
    });
  },
};
// ink's Output splits each line it draws with ansi-tokenize's tokenize and turns it back into text with
// its styledCharsToString: both given the dashboard's versions for what it draws (src/dashboard/
// ansi-tokens.ts and styled-chars.ts), the library's for the rest. The libraries' Intl.Segmenters are
// made on first use rather than when they load: the first in a thread costs ~7 ms.
let fastTokens = false;
export const fastTokensUsed = () => fastTokens;
const lazySegmenter = (file, source, declaration) => {
  const [, name, args] = /^const (\w+) = new Intl\.Segmenter\((.*)\);$/.exec(declaration) ?? [];
  if (!name) throw new Error(`bundle-dashboard: not a Segmenter declaration: ${declaration}`);
  return replaceOnce(file, source, declaration, `let ${name}Made; const ${name} = { segment: (s) => (${name}Made ??= new Intl.Segmenter(${args})).segment(s) };`);
};
export const fastAnsiTokens = {
  name: 'fast-ansi-tokens',
  setup(b) {
    const dir = path.resolve('dist/dashboard');
    standIn(b, {
      filter: /^@alcalzone\/ansi-tokenize$/,
      namespace: 'ansi-tokenize-fast',
      when: (args) => /[\\/]ink[\\/]build[\\/]output\.js$/.test(args.importer),
      contents: (real) => {
        fastTokens = true;
        return `import { ansiCodesToString, diffAnsiCodes, tokenize as libraryTokenize } from ${JSON.stringify(real)};
import { getEndCode } from './ansiCodes.js';
import { tokenizeFast } from ${JSON.stringify(path.join(dir, 'ansi-tokens.js'))};
import { styledCharsToStringFast } from ${JSON.stringify(path.join(dir, 'styled-chars.js'))};
export * from ${JSON.stringify(real)};
export const tokenize = tokenizeFast(libraryTokenize, getEndCode);
export const styledCharsToString = styledCharsToStringFast(diffAnsiCodes, ansiCodesToString);
`;
      },
    });
    b.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/ }, ({ path: file }) => ({
      loader: 'js',
      contents: lazySegmenter(file, readFileSync(file, 'utf8'), 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });'),
    }));
    b.onLoad({ filter: /[\\/]slice-ansi[\\/]tokenize-ansi\.js$/ }, ({ path: file }) => ({
      loader: 'js',
      contents: lazySegmenter(file, readFileSync(file, 'utf8'), "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});"),
    }));
  },
};

// React is CommonJS: each of the ~30 ES modules importing it (ink's and ours) would get its own copy of
// React's exports made at load (esbuild's interop), hot enough that V8 compiles the copying with
// TurboFan. They import one ES module instead, which takes React's exports once.
export const reactOnce = {
  name: 'react-once',
  setup(b) {
    standIn(b, {
      filter: /^react$/,
      namespace: 'react-once',
      // Not React's own require() calls (react-reconciler's): those get its module.exports as they are.
      when: (args) => args.kind === 'import-statement',
      contents: (real, file) => {
        const names = Object.keys(createRequire(import.meta.url)(path.resolve(file))).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
        return `const react = require(${JSON.stringify(real)});\nexport default react;\n${names.map((n) => `export const ${n} = react.${n};`).join('\n')}\n`;
      },
    });
  },
};

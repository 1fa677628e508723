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
    const fast = path.resolve('dist/dashboard/text-width.js');
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve('string-width', { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      // Counted: the build fails if ink's dependencies stop using string-width this way.
      fastWidths++;
      // Relative: the bundle names its sources relative to the package, not to the machine that built it.
      return { path: path.relative('.', real.path), namespace: 'string-width-fast' };
    });
    b.onLoad({ filter: /.*/, namespace: 'string-width-fast' }, (args) => ({
      loader: 'js',
      resolveDir: path.resolve(path.dirname(args.path)),
      // require(): esbuild then evaluates the copy on the first call that needs it, not when the bundle loads.
      contents: `import { fastStringWidth } from ${JSON.stringify(fast)};
let real;
export default function stringWidth(text, options) {
  const width = options === undefined ? fastStringWidth(text) : undefined;
  return width ?? (real ??= require(${JSON.stringify(`./${path.basename(args.path)}`)}).default)(text, options);
}
`,
    }));
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
    b.onResolve({ filter: /^@alcalzone\/ansi-tokenize$/ }, async (args) => {
      if (args.pluginData === 'real' || !/[\\/]ink[\\/]build[\\/]output\.js$/.test(args.importer)) return undefined;
      const real = await b.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      return { path: path.relative('.', real.path), namespace: 'ansi-tokenize-fast' };
    });
    b.onLoad({ filter: /.*/, namespace: 'ansi-tokenize-fast' }, (args) => {
      fastTokens = true;
      const real = JSON.stringify(`./${path.basename(args.path)}`);
      return {
        loader: 'js',
        resolveDir: path.resolve(path.dirname(args.path)),
        contents: `import { ansiCodesToString, diffAnsiCodes, tokenize as libraryTokenize } from ${real};
import { getEndCode } from './ansiCodes.js';
import { tokenizeFast } from ${JSON.stringify(path.join(dir, 'ansi-tokens.js'))};
import { styledCharsToStringFast } from ${JSON.stringify(path.join(dir, 'styled-chars.js'))};
export * from ${real};
export const tokenize = tokenizeFast(libraryTokenize, getEndCode);
export const styledCharsToString = styledCharsToStringFast(diffAnsiCodes, ansiCodesToString);
`,
      };
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
    b.onResolve({ filter: /^react$/ }, async (args) => {
      if (args.kind !== 'import-statement' || args.pluginData === 'real') return undefined;
      const real = await b.resolve('react', { importer: args.importer, resolveDir: args.resolveDir, kind: 'require-call', pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      return { path: path.relative('.', real.path), namespace: 'react-once' };
    });
    b.onLoad({ filter: /.*/, namespace: 'react-once' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(path.resolve(args.path))).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
      return {
        loader: 'js',
        resolveDir: path.resolve(path.dirname(args.path)),
        contents: `const react = require(${JSON.stringify(`./${path.basename(args.path)}`)});\nexport default react;\n${names.map((n) => `export const ${n} = react.${n};`).join('\n')}\n`,
      };
    });
  },
};

// Build step after tsc: the dashboard and its ink/React tree as a few ES modules in dist/dashboard/bundle/.
// Loaded as ~150 separate modules, ink and React cost ~280 ms of start-up (resolving, reading and
// lexing each file); as one file ~65 ms. React's production build is selected at bundle time.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// ink imports react-devtools-core only when DEV=true; it is not installed, so it becomes an empty module.
const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

// Chunk names carry a content hash: old ones would pile up.
rmSync('dist/dashboard/bundle', { recursive: true, force: true });
await build({
  // The history browser (index) and the live dashboard's thread share ink and React in one chunk.
  entryPoints: ['dist/dashboard/index.js', 'dist/dashboard/thread-worker.js'],
  outdir: 'dist/dashboard/bundle',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // yoga-layout's loader fetches its inlined wasm (a data: URL) when `fetch` exists. In Node that first
  // touch of `fetch` loads Node's own undici (~15 ms on the dashboard's thread) to decode a string it can
  // decode itself: without `fetch` it takes its synchronous path.
  define: { 'process.env.NODE_ENV': '"production"', fetch: 'undefined' },
  plugins: [noDevtools],
  // Some of ink's dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __aitestRequire } from 'node:module'; const require = __aitestRequire(import.meta.url);" },
  minifySyntax: true,
  logLevel: 'warning',
});

// Build step after tsc: the dashboard and its ink/React tree as one CommonJS file,
// dist/dashboard/bundle/dashboard.cjs. Loaded as ~150 separate modules, ink and React cost ~280 ms of
// start-up (resolving, reading and lexing each file); as one file ~65 ms, and ~20 ms with V8's code cache.
// CommonJS because Node 20 keeps V8's compiled code across runs only for scripts (vm.Script's cachedData,
// see src/util/cached-script.ts), not for ES modules. React's production build is selected at bundle time.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import {
  fastAnsiTokens, fastStringWidth, fastTokensUsed, fastWidthCopies, noDevtools, noTopLevelAwait, reactOnce, replaceOnce, yogaWasmBase64,
} from './bundle-dashboard-plugins.mjs';

rmSync('dist/dashboard/bundle', { recursive: true, force: true });
const result = await build({
  // The history browser, the in-process reporter and the live dashboard's thread: see src/dashboard/index.ts.
  entryPoints: ['dist/dashboard/index.js'],
  outfile: 'dist/dashboard/bundle/dashboard.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [noDevtools, noTopLevelAwait, fastStringWidth, fastAnsiTokens, reactOnce],
  minifySyntax: true,
  write: false,
  logLevel: 'warning',
});
// The base64 is known once yoga's loader has been read: it goes in as the bundle is written.
const [out] = result.outputFiles;
if (result.outputFiles.length !== 1 || !yogaWasmBase64()) throw new Error('bundle-dashboard: expected one file with yoga in it');
if (!fastWidthCopies()) throw new Error('bundle-dashboard: no copy of string-width was put behind the fast count; see fast-string-width');
if (!fastTokensUsed()) throw new Error("bundle-dashboard: ink's output.js no longer imports @alcalzone/ansi-tokenize; see fast-ansi-tokens");
mkdirSync(path.dirname(out.path), { recursive: true });
writeFileSync(out.path, replaceOnce(out.path, out.text, '__yogaWasm()', JSON.stringify(yogaWasmBase64())));

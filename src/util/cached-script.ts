// Loads a one-file CommonJS bundle with V8's code cache: the bytecode of every function it compiled, kept
// from an earlier run. A cold start of a large bundle spends much of its time compiling; with the cache it
// deserialises instead. (Node 22's module.enableCompileCache does this for modules; Node 20 has only
// vm.Script's cachedData, which is for scripts, hence a CommonJS bundle.)
//
// One cache file per bundle path, in the user's cache folder. V8 checks that the cache was made by the
// same V8 with the same flags, but not that it was made from the same source (only its length): the file
// also names the bundle's size and mtime, so a rebuilt bundle is never run with another one's bytecode.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { writeFileAtomicSync } from './write-atomic.js';

export interface CachedScript<T> {
  exports: T;
  /** Whether V8 took bytecode from the cache (false: none kept yet, a stale one, or V8 refused it). */
  hit: boolean;
  /**
   * Keeps the bytecode compiled so far, for the next load, unless it came from the cache. Call it once the
   * code has done its usual first work (drawn a frame, say): what ran by then is in the cache too. Never
   * throws: a folder that cannot be written only means no cache.
   */
  keep(): void;
}

/** `$XDG_CACHE_HOME/aitest/code` or `~/.cache/aitest/code`. */
export function defaultCodeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'aitest', 'code');
}

const MAGIC = 'aitest-code-cache-1';

export function requireCached<T>(file: string, cacheDir = defaultCodeCacheDir()): CachedScript<T> {
  const abs = path.resolve(file);
  const source = readFileSync(abs, 'utf8');
  const st = statSync(abs);
  // What V8 does not check itself: which file, and which build of it.
  const stamp = `${MAGIC}\n${abs}\n${st.size}\n${st.mtimeMs}\n${process.version}\n${process.arch}\n`;
  const cacheFile = path.join(cacheDir, `${nameOf(abs)}.bin`);
  const cached = readCache(cacheFile, stamp);
  // The wrapper Node's own loader puts around a CommonJS module.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: abs,
    cachedData: cached,
  });
  const hit = cached !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(abs), module, abs, path.dirname(abs));
  let kept = hit;
  return {
    exports: module.exports,
    hit,
    keep() {
      if (kept) return;
      kept = true;
      writeFileAtomicSync(cacheFile, Buffer.concat([Buffer.from(stamp), script.createCachedData()]));
    },
  };
}

// The file's name only spreads bundles over files (the stamp inside decides): FNV-1a, without loading
// node:crypto on a thread that does not otherwise need it.
function nameOf(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return `${path.basename(s).replace(/[^\w.-]/g, '_')}-${h.toString(16).padStart(8, '0')}`;
}

function readCache(file: string, stamp: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.from(stamp);
  if (data.length <= head.length || !data.subarray(0, head.length).equals(head)) return undefined;
  return data.subarray(head.length);
}

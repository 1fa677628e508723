// Stable hashes: test ids (sha1) and cheap 32-bit hashes for shard placement and faker seeds.
import { hash } from 'node:crypto';

/** A short, stable id: the first 16 hex digits of sha1 over the parts joined by NUL. */
export function stableId(...parts: string[]): string {
  // One-shot hash(): the same digest as createHash() without a Hash object per test (~3x faster on big plans).
  // Still sha1, so ids in existing result stores (history, --last-failed) keep matching.
  return hash('sha1', parts.join('\0')).slice(0, 16);
}

/** FNV-1a, 32 bits: fast and stable across runs and machines (not for security). */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

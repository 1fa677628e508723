// The encoded forms a secret value takes on its way through HTTP, JSON and headers, for redaction.

// Shorter base64 fragments would match ordinary base64 text (images, ids) by chance.
const MIN_BASE64_FRAGMENT = 8;

/**
 * The secret as written, and as it reads after the encodings a request or a report applies to it:
 * - percent-encoded: `encodeURIComponent`, form encoding (`+` for spaces, as URLSearchParams writes it),
 *   `encodeURI`, and the sets the WHATWG URL parser uses in paths and queries;
 * - JSON-escaped (`JSON.stringify(s).slice(1, -1)`), also with non-ASCII as `\uXXXX` and `/` as `\/`;
 * - base64, standard and URL-safe, padded and unpadded: the secret encoded on its own, and, for a secret
 *   encoded inside a longer value (`user:secret` of Basic auth, a JWT's payload), the characters that
 *   depend on the secret's bytes alone at each of the three byte alignments (the one or two characters
 *   at each end that mix in neighbouring bytes cannot be known in advance and are left).
 */
export function secretForms(secret: string): string[] {
  // The same secrets (a plan's secret vars) come back for every test: their forms are worked out once.
  let forms = known.get(secret);
  if (forms === undefined) {
    if (known.size >= MAX_KNOWN) known.clear();
    forms = computeForms(secret);
    known.set(secret, forms);
  }
  return forms;
}

// A cache of pure results, bounded so that captured tokens (new each test) cannot grow it without end.
const MAX_KNOWN = 1000;
const known = new Map<string, string[]>();

function computeForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const uri = orItself(encodeURIComponent, secret);
  forms.add(uri);
  forms.add(uri.replace(/%20/g, '+'));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  forms.add(orItself(encodeURI, secret));
  forms.add(percentEncode(secret, PATH_SET));
  forms.add(percentEncode(secret, QUERY_SET));
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/'));
  for (const b64 of base64Forms(Buffer.from(secret, 'utf8'))) forms.add(b64);
  forms.delete('');
  return [...forms];
}

function base64Forms(bytes: Buffer): string[] {
  const out: string[] = [];
  const whole = bytes.toString('base64');
  out.push(whole, whole.replace(/=+$/, ''), toUrlSafe(whole), toUrlSafe(whole).replace(/=+$/, ''));
  // Preceded by 0, 1 or 2 other bytes: keep the whole 4-character groups, less those that hold a neighbour's bits.
  for (const lead of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(lead), bytes]);
    const groups = Math.floor(padded.length / 3) * 4;
    const fragment = padded.toString('base64').slice(lead === 0 ? 0 : lead + 1, groups);
    if (fragment.length >= MIN_BASE64_FRAGMENT) out.push(fragment, toUrlSafe(fragment));
  }
  return out;
}

function toUrlSafe(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_');
}

// Code points the WHATWG URL parser percent-encodes in a path and in a query (besides C0 controls and
// non-ASCII, which both encode).
const PATH_SET = new Set([' ', '"', '#', '<', '>', '?', '`', '{', '}']);
const QUERY_SET = new Set([' ', '"', '#', '<', '>', "'"]);

function percentEncode(s: string, set: Set<string>): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code > 0x7e || set.has(ch)) {
      for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += ch;
  }
  return out;
}

function orItself(encode: (s: string) => string, s: string): string {
  try {
    return encode(s);
  } catch {
    // A lone surrogate: no request could carry it encoded either.
    return s;
  }
}

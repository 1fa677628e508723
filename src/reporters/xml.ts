// XML 1.0 escaping for report files: markup characters, and characters XML 1.0 cannot carry at all.
import { stripAnsi } from './format.js';

// Not allowed anywhere in XML 1.0, not even as &#x..; references: C0 controls other than tab/LF/CR,
// U+FFFE/U+FFFF and unpaired surrogates. They are written out as visible \uXXXX text instead.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function legal(text: string): string {
  return stripAnsi(text).replace(ILLEGAL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function escapeXmlText(text: string): string {
  return legal(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their line breaks and tabs, which parsers would otherwise normalise to spaces. */
export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** `<name a="1" b="2"` with escaped values; undefined attributes are left out. */
export function openTag(name: string, attrs: Record<string, string | number | undefined>): string {
  let tag = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) tag += ` ${k}="${escapeXmlAttr(String(v))}"`;
  return tag;
}

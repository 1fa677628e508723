// Requirements read from Markdown or plain text: ids the author wrote (REQ-1, US-12, AC-3, …) when there
// are any, else one requirement per heading (R1, R2, … with the heading as its title).
export interface Requirement {
  id: string;
  title: string;
  text: string;
}

const ID = /^\s*(?:[-*]\s+|#{1,6}\s+)?\**\[?([A-Z][A-Z0-9]*-\d+)\]?\**[:.)\s-]+(.*)$/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

export function parseRequirements(text: string): Requirement[] {
  const lines = text.split(/\r?\n/);
  const withIds: Requirement[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ID.exec(lines[i]);
    if (!m) continue;
    // The requirement's text runs until the next id or heading.
    const body = [m[2].trim()];
    for (let j = i + 1; j < lines.length && !ID.test(lines[j]) && !HEADING.test(lines[j]); j++) if (lines[j].trim()) body.push(lines[j].trim());
    withIds.push({ id: m[1], title: m[2].trim().replace(/[*_`]/g, '') || m[1], text: body.join(' ') });
  }
  if (withIds.length > 0) return dedupe(withIds);
  const byHeading: Requirement[] = [];
  const headings = lines.map((l, i) => ({ m: HEADING.exec(l), i })).filter((h) => h.m && h.m[1].length > 1);
  for (let k = 0; k < headings.length; k++) {
    const { m, i } = headings[k];
    const end = k + 1 < headings.length ? headings[k + 1].i : lines.length;
    const body = lines.slice(i + 1, end).map((l) => l.trim()).filter(Boolean).join(' ');
    byHeading.push({ id: `R${k + 1}`, title: m![2], text: body || m![2] });
  }
  if (byHeading.length > 0) return byHeading;
  // No structure at all: the whole text is one requirement.
  const all = text.trim();
  return all ? [{ id: 'R1', title: all.split('\n')[0].slice(0, 80), text: all }] : [];
}

function dedupe(list: Requirement[]): Requirement[] {
  const seen = new Set<string>();
  return list.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

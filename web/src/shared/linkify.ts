// Splits message text into plain text and links. Only http and https URLs, mailto: addresses
// and bare e-mail addresses become links (no javascript:, data: or other schemes); the caller
// renders both as React text, so nothing in a message is ever interpreted as HTML.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// One alternative per kind of link; the leftmost match wins, so an address inside a URL stays
// part of the URL.
const EMAIL = String.raw`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}`;
const LINK_RE = new RegExp(
  String.raw`\b(?:https?:\/\/|www\.)[^\s<>"'\x60]+|\bmailto:[^\s<>"'\x60]+|(?<![\p{L}\p{N}._%+-])${EMAIL}`,
  'giu',
);
const EMAIL_RE = new RegExp(String.raw`^${EMAIL}$`, 'u');
const TRAILING = /[.,;:!?)\]}'"»”’]+$/;

/** The URL to open for `raw`, or null when it is not a safe http(s) or mailto: link. */
export function safeHref(raw: string): string | null {
  if (EMAIL_RE.test(raw)) return `mailto:${raw}`;
  if (/^mailto:/i.test(raw)) {
    const address = decodeURIComponentSafe(raw.slice('mailto:'.length).split('?')[0] ?? '');
    return address && address.split(',').every((a) => EMAIL_RE.test(a.trim())) ? `mailto:${raw.slice(7)}` : null;
  }
  const candidate = /^www\./i.test(raw) ? `https://${raw}` : raw;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK_RE)) {
    const start = match.index ?? 0;
    let raw = match[0];
    // Keep a closing bracket that belongs to the URL, e.g. wiki links with (parentheses).
    const trail = TRAILING.exec(raw);
    if (trail) {
      let cut = trail[0];
      if (cut.startsWith(')') && raw.includes('(')) cut = cut.slice(1);
      raw = raw.slice(0, raw.length - cut.length);
    }
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

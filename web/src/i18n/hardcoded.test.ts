// Every string a person reads comes from the catalogues: this scans the components (src/**/*.tsx)
// for text written into them in English — JSX text with letters, string literals given to
// aria-label, title, placeholder, alt (and the like), and string literals shown as children —
// so that a new one fails here. The few that are not words of a language are listed below.
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';

/** Every component's source, by its path from here (the tests themselves left out below). */
const COMPONENTS = import.meta.glob<string>('../**/*.tsx', { query: '?raw', import: 'default', eager: true });

/** Attributes whose text is read or shown: the DOM's, and the components' own props named so. */
const ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'description',
  'hint',
  'text',
  'heading',
  'caption',
  'message',
]);
const SHOWN_PROP = /(Text|Label|Title|Hint|Description|Placeholder|Message)$/;
/** Named like one, but a keyword for the browser, never shown. */
const KEYWORDS = new Set(['enterKeyHint']);

/** Texts that are no language's words: the product's name, syntax a person types, the type sample of the text size and scheme pickers. */
const ALLOWED = new Set(['Parley', '@all', 'Aa']);

const LETTERS = /\p{L}/u;

interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, visit);
    } else if (isNode(value)) {
      walk(value, visit);
    }
  }
}

/** The literal texts an expression shows: a string, a template's fixed parts, either branch of a condition. */
function literals(e: unknown): string[] {
  if (!isNode(e)) return [];
  if (e.type === 'Literal' && typeof e.value === 'string') return [e.value];
  if (e.type === 'TemplateLiteral') return (e.quasis as Array<{ value: { cooked: string | null; raw: string } }>).map((q) => q.value.cooked ?? q.value.raw);
  if (e.type === 'ConditionalExpression') return [...literals(e.consequent), ...literals(e.alternate)];
  if (e.type === 'LogicalExpression') return literals(e.right);
  return [];
}

/** The texts written into `source` that a person would read, with their lines. */
export function hardCoded(source: string, file = 'file.tsx'): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = [];
  const lineOf = (pos: number) => source.slice(0, pos).split('\n').length;
  const add = (pos: number, text: string) => {
    const t = text.trim().replace(/\s+/g, ' ');
    if (LETTERS.test(t) && !ALLOWED.has(t)) found.push({ line: lineOf(pos), text: t });
  };
  walk(parseSync(file, source, { lang: 'tsx' }).program as unknown as Node, (n) => {
    if (n.type === 'JSXText') add(n.start, n.value as string);
    if (n.type === 'JSXAttribute') {
      const name = n.name as Node;
      const attr = name.name as string;
      if (name.type !== 'JSXIdentifier' || KEYWORDS.has(attr) || !(ATTRIBUTES.has(attr) || SHOWN_PROP.test(attr))) return;
      const value = n.value as Node | null;
      if (value?.type === 'Literal') add(n.start, String(value.value));
      else if (value?.type === 'JSXExpressionContainer') for (const s of literals(value.expression)) add(n.start, s);
    }
    if (n.type === 'JSXElement' || n.type === 'JSXFragment') {
      for (const child of n.children as Node[]) {
        if (child.type === 'JSXExpressionContainer') for (const s of literals(child.expression)) add(child.start, s);
      }
    }
  });
  return found;
}

describe('the components', () => {
  it('find written-in words', () => {
    expect(hardCoded('<p title="Close">Hello <b>{name}</b></p>')).toEqual([
      { line: 1, text: 'Close' },
      { line: 1, text: 'Hello' },
    ]);
    expect(hardCoded('<p aria-label={open ? "Hide" : `Show ${n}`}>{busy ? "Saving…" : t("x")}</p>').map((f) => f.text).sort()).toEqual([
      'Hide',
      'Saving…',
      'Show',
    ]);
    expect(hardCoded('<p aria-label={t("a")} className="flex">{t("b")} · {n} ✓ 99+ <kbd>⌘K</kbd>{"Parley"}</p>')).toEqual([{ line: 1, text: '⌘K' }]);
    expect(hardCoded('<Switch label="On" description={t("x")} emptyText="Nobody." enterKeyHint="go" testId="a-b" />').map((f) => f.text)).toEqual(['On', 'Nobody.']);
  });

  it('show no words but the catalogues’', () => {
    const left: string[] = [];
    const files = Object.keys(COMPONENTS).filter((f) => !f.includes('.test.'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      for (const { line, text } of hardCoded(COMPONENTS[file] ?? '', file)) left.push(`${file.replace(/^\.\.\//, '')}:${line}: ${text}`);
    }
    expect(left).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';

import { linkify, safeHref } from './linkify';

describe('linkify', () => {
  it('finds http, https and www links and leaves the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1, or www.example.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes', () => {
    for (const t of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd']) {
      expect(linkify(t)).toEqual([{ kind: 'text', text: t }]);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });

  it('keeps HTML as text', () => {
    const t = '<img src=x onerror=alert(1)> <script>alert(1)</script>';
    expect(linkify(t)).toEqual([{ kind: 'text', text: t }]);
  });

  it('keeps balanced parentheses inside a link', () => {
    const parts = linkify('(https://en.wikipedia.org/wiki/Foo_(bar))');
    expect(parts[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });
});

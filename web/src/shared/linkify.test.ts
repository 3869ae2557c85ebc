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

describe('linkify e-mail', () => {
  it('links bare addresses and mailto: links', () => {
    expect(linkify('write to anna.b+chat@example.co.uk, or mailto:team@example.org?subject=Hi.')).toEqual([
      { kind: 'text', text: 'write to ' },
      { kind: 'link', text: 'anna.b+chat@example.co.uk', href: 'mailto:anna.b+chat@example.co.uk' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'mailto:team@example.org?subject=Hi', href: 'mailto:team@example.org?subject=Hi' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves an address inside a URL to the URL, and non-addresses alone', () => {
    expect(linkify('https://example.com/u/me@example.com')).toEqual([
      { kind: 'link', text: 'https://example.com/u/me@example.com', href: 'https://example.com/u/me@example.com' },
    ]);
    for (const t of ['me@localhost', '@handle', 'a@b', 'mailto:', 'mailto:javascript:alert(1)']) {
      expect(linkify(t)).toEqual([{ kind: 'text', text: t }]);
    }
  });
});

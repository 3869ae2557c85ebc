// Message text as React text nodes (never HTML), with http(s) links opened in a new tab
// without access to this page (rel="noopener noreferrer"), and e-mail addresses as mailto: links.
import { memo } from 'react';

import { linkify } from '../../shared/linkify';

export const MessageText = memo(function MessageText({ text }: { text: string }) {
  const parts = linkify(text);
  return (
    <>
      {parts.map((p, i) =>
        p.kind === 'link' ? (
          <a
            key={i}
            href={p.href}
            target={p.href.startsWith('mailto:') ? undefined : '_blank'}
            rel="noopener noreferrer"
            className="break-all underline decoration-1 underline-offset-2 hover:decoration-2"
          >
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
});

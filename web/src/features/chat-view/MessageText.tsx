// Message text as React text nodes (never HTML), with http(s) links opened in a new tab
// without access to this page (rel="noopener noreferrer"), e-mail addresses as mailto: links,
// and the chat's custom emoji (`:shortcode:` of the server's set or the group's) as their images,
// about the text's height; a message of only one to three of them shows them larger. Unknown
// shortcodes stay text.
import { memo, useMemo } from 'react';

import { useCustomEmoji } from '../../app/store-context';
import { onlyCustomEmoji, splitCustomEmoji, type EmojiLookup } from '../../client/custom-emoji';
import { CustomEmojiImage } from '../../shared/CustomEmoji';
import { linkify } from '../../shared/linkify';

function TextWithEmoji({ text, lookup, big }: { text: string; lookup: EmojiLookup; big: boolean }) {
  const parts = splitCustomEmoji(text, lookup);
  if (parts.length === 1 && parts[0]?.kind === 'text') return <span>{text}</span>;
  return (
    <span>
      {parts.map((p, i) =>
        p.kind === 'emoji' ? (
          <CustomEmojiImage key={i} emoji={p.emoji} className={big ? 'size-12 align-middle' : undefined} />
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

export const MessageText = memo(function MessageText({ text, chatId }: { text: string; chatId?: string }) {
  const lookup = useCustomEmoji(chatId ?? null);
  const parts = useMemo(() => linkify(text), [text]);
  const big = useMemo(
    () => parts.length === 1 && parts[0]?.kind === 'text' && onlyCustomEmoji(splitCustomEmoji(text, lookup)),
    [parts, text, lookup],
  );
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
          <TextWithEmoji key={i} text={p.text} lookup={lookup} big={big} />
        ),
      )}
    </>
  );
});

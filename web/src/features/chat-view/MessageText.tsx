// Message text as React text nodes (never HTML), with http(s) links opened in a new tab
// without access to this page (rel="noopener noreferrer"), e-mail addresses as mailto: links,
// and the chat's custom emoji (`:shortcode:` of the server's set or the group's) as their images,
// about the text's height; a message of only one to three of them shows them larger. Unknown
// shortcodes stay text. `highlights` (ranges of the text in UTF-16 code units: the words a
// search found) are marked with <mark>, inside links and around custom emoji too. `mentions`
// (client/mentions.ts mentionRanges: "@Name" of the people the message mentions, "@all") show
// as chips, the viewer's own stronger.
import { Fragment, memo, useMemo, type ReactNode } from 'react';

import { useCustomEmoji } from '../../app/store-context';
import { onlyCustomEmoji, splitCustomEmoji, type EmojiLookup } from '../../client/custom-emoji';
import { ALL_NAME, type MentionRange } from '../../client/mentions';
import { highlightPieces, normalizeRanges, rangesWithin } from '../../client/search';
import type { TextRange } from '../../client/search-wire';
import { CustomEmojiImage } from '../../shared/CustomEmoji';
import { linkify } from '../../shared/linkify';

export const MARK_CLASS = 'search-mark';
const NONE: readonly TextRange[] = [];
const NO_MENTIONS: readonly MentionRange[] = [];

/** The mentions inside [start, end) of the text, as offsets from `start`. */
function mentionsWithin(mentions: readonly MentionRange[], start: number, end: number): MentionRange[] {
  return mentions.filter((m) => m.start >= start && m.end <= end).map((m) => ({ ...m, start: m.start - start, end: m.end - start }));
}

/**
 * `text` with its mentions (offsets in it) as chips and the search's ranges marked; `self`:
 * the viewer, whose own mention stands out.
 */
function WithMentions({ text, ranges, mentions, self }: { text: string; ranges: readonly TextRange[]; mentions: readonly MentionRange[]; self: string }): ReactNode {
  if (mentions.length === 0) return <Marked text={text} ranges={ranges} />;
  const out: ReactNode[] = [];
  let at = 0;
  for (const m of mentions) {
    if (m.start > at) out.push(<Marked key={`t${at}`} text={text.slice(at, m.start)} ranges={rangesWithin(ranges, at, m.start)} />);
    const mine = m.id === self || m.id === ALL_NAME;
    out.push(
      <span key={`m${m.start}`} className={mine ? 'mention mention-me' : 'mention'} data-mention={m.id}>
        <Marked text={text.slice(m.start, m.end)} ranges={rangesWithin(ranges, m.start, m.end)} />
      </span>,
    );
    at = m.end;
  }
  if (at < text.length) out.push(<Marked key={`t${at}`} text={text.slice(at)} ranges={rangesWithin(ranges, at, text.length)} />);
  return out;
}

/** `text` with the ranges (from its start) marked; the text alone when there are none. */
function Marked({ text, ranges }: { text: string; ranges: readonly TextRange[] }): ReactNode {
  if (ranges.length === 0) return text;
  return highlightPieces(text, ranges).map((p, i) =>
    p.mark ? (
      <mark key={i} className={MARK_CLASS}>
        {p.text}
      </mark>
    ) : (
      <Fragment key={i}>{p.text}</Fragment>
    ),
  );
}

/** Each part with where it starts and ends in the text the parts were cut from. */
function placed<T extends { text: string }>(parts: readonly T[]): { part: T; start: number; end: number }[] {
  let at = 0;
  return parts.map((part) => {
    const start = at;
    at += part.text.length;
    return { part, start, end: at };
  });
}

interface TextWithEmojiProps {
  text: string;
  lookup: EmojiLookup;
  big: boolean;
  ranges: readonly TextRange[];
  mentions: readonly MentionRange[];
  self: string;
}

function TextWithEmoji({ text, lookup, big, ranges, mentions, self }: TextWithEmojiProps) {
  const parts = splitCustomEmoji(text, lookup);
  if (parts.length === 1 && parts[0]?.kind === 'text') {
    return (
      <span>
        <WithMentions text={text} ranges={ranges} mentions={mentions} self={self} />
      </span>
    );
  }
  return (
    <span>
      {placed(parts).map(({ part: p, start, end }, i) => {
        const inside = ranges.length > 0 ? rangesWithin(ranges, start, end) : NONE;
        if (p.kind === 'emoji') {
          const image = <CustomEmojiImage key={i} emoji={p.emoji} className={big ? 'size-12 align-middle' : undefined} />;
          return inside.length > 0 ? (
            <mark key={i} className={MARK_CLASS}>
              {image}
            </mark>
          ) : (
            image
          );
        }
        return (
          <span key={i}>
            <WithMentions text={p.text} ranges={inside} mentions={mentionsWithin(mentions, start, end)} self={self} />
          </span>
        );
      })}
    </span>
  );
}

export const MessageText = memo(function MessageText({
  text,
  chatId,
  highlights,
  mentions = NO_MENTIONS,
  self = '',
}: {
  text: string;
  chatId?: string;
  /** Ranges of `text` to mark (UTF-16 code units); absent: none. */
  highlights?: readonly TextRange[];
  /** Where `text` names the people it mentions (mentionRanges), in order; absent: none. */
  mentions?: readonly MentionRange[];
  /** The viewer, whose own mention stands out. */
  self?: string;
}) {
  const lookup = useCustomEmoji(chatId ?? null);
  const parts = useMemo(() => linkify(text), [text]);
  const ranges = useMemo(() => (highlights ? normalizeRanges(text, highlights) : NONE), [text, highlights]);
  const big = useMemo(
    () => parts.length === 1 && parts[0]?.kind === 'text' && onlyCustomEmoji(splitCustomEmoji(text, lookup)),
    [parts, text, lookup],
  );
  return (
    <>
      {placed(parts).map(({ part: p, start, end }, i) => {
        const inside = ranges.length > 0 ? rangesWithin(ranges, start, end) : NONE;
        return p.kind === 'link' ? (
          <a
            key={i}
            href={p.href}
            target={p.href.startsWith('mailto:') ? undefined : '_blank'}
            rel="noopener noreferrer"
            className="break-all underline decoration-1 underline-offset-2 hover:decoration-2"
          >
            <Marked text={p.text} ranges={inside} />
          </a>
        ) : (
          <TextWithEmoji
            key={i}
            text={p.text}
            lookup={lookup}
            big={big}
            ranges={inside}
            mentions={mentions.length > 0 ? mentionsWithin(mentions, start, end) : NO_MENTIONS}
            self={self}
          />
        );
      })}
    </>
  );
});

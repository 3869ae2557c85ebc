// A custom emoji as an image (alt and title its `:shortcode:`, about the height of the text
// around it), and an emoji as the UI shows it anywhere: a custom one's image when the chat knows
// it, else the text itself (Unicode, or a `:shortcode:` whose image is unknown, e.g. one removed
// from its set that still has reactions).
import type { EmojiLookup } from '../client/custom-emoji';
import type { CustomEmoji } from '../client/types';

interface ImageProps {
  emoji: Pick<CustomEmoji, 'shortcode' | 'url'>;
  /** Size and alignment; default: 1.25em high, sitting on the text's baseline. */
  className?: string;
}

export function CustomEmojiImage({ emoji, className = 'size-[1.25em] align-[-0.3em]' }: ImageProps) {
  const text = `:${emoji.shortcode}:`;
  return (
    <img
      src={emoji.url}
      alt={text}
      title={text}
      draggable={false}
      decoding="async"
      className={`inline-block object-contain ${className}`}
      data-custom-emoji={emoji.shortcode}
    />
  );
}

/** `emoji` (a reaction's, a most used one) as an image when `lookup` has it, else as text. */
export function EmojiGlyph({ emoji, lookup, className }: { emoji: string; lookup: EmojiLookup; className?: string }) {
  const custom = lookup.get(emoji);
  return custom ? <CustomEmojiImage emoji={custom} className={className} /> : <>{emoji}</>;
}

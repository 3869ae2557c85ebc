// The emoji picker itself, loaded only when a picker first opens (ReactionPicker and EmojiButton
// import it lazily: emoji-mart and its data are most of its weight). Above emoji-mart's search,
// categories and skin tones, the user's most used emoji (the server's, so every device shows
// the same) as a row of buttons; emoji-mart's own "frequently used" (kept per browser) is off.
// Its colours are the app's (its CSS variables, read from the theme in force).
import data from '@emoji-mart/data';
import EmojiMart from '@emoji-mart/react';
import { useMemo, type CSSProperties, type ReactNode } from 'react';

import { useFrequentEmoji } from '../../app/store-context';

/** How many of the most used show above the picker. */
const MOST_USED = 8;

/** What emoji-mart passes to onEmojiSelect that is read here. */
interface Picked {
  native?: string;
}

/** The props of emoji-mart's Picker used here (its React wrapper types them as `any`). */
interface MartProps {
  data: unknown;
  onEmojiSelect: (e: Picked) => void;
  theme: 'auto';
  set: 'native';
  autoFocus: boolean;
  dynamicWidth: boolean;
  perLine?: number;
  maxFrequentRows: number;
  previewPosition: 'none';
  skinTonePosition: 'search';
  navPosition: 'top';
  searchPosition: 'sticky';
  emojiSize: number;
  emojiButtonSize: number;
}

const Mart = EmojiMart as (props: MartProps) => ReactNode;

/** "#rrggbb" as emoji-mart's "r, g, b"; null for anything else. */
function rgb(hex: string): string | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  return m ? [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16)).join(', ') : null;
}

/** The app's palette (index.css) as emoji-mart's colour variables, for the theme in force. */
function paletteVars(): Record<string, string> {
  const css = getComputedStyle(document.documentElement);
  const out: Record<string, string> = {};
  const pairs: Array<[string, string]> = [
    ['--rgb-background', '--p-panel'],
    ['--rgb-color', '--p-fg'],
    ['--rgb-accent', '--p-accent'],
    ['--rgb-input', '--p-panel-2'],
  ];
  for (const [to, from] of pairs) {
    const v = rgb(css.getPropertyValue(from));
    if (v) out[to] = v;
  }
  const line = css.getPropertyValue('--p-line').trim();
  if (line) out['--color-border'] = line;
  return out;
}

interface Props {
  onPick: (emoji: string) => void;
  /** A full-width sheet (a narrow screen): the picker fills the width. */
  fill: boolean;
}

export function EmojiPicker({ onPick, fill }: Props) {
  const frequent = useFrequentEmoji();
  const mostUsed = frequent.slice(0, MOST_USED);
  // Read when it opens; the theme follows the system's, which rarely changes meanwhile.
  const vars = useMemo(() => paletteVars(), []);
  return (
    <div style={vars as CSSProperties} data-testid="emoji-picker" className="flex min-h-0 flex-col">
      {mostUsed.length > 0 && (
        <div role="group" aria-label="Your most used" className="border-b border-line px-3 pt-2 pb-1.5">
          <p className="mb-1 text-xs font-medium text-muted" aria-hidden="true">
            Your most used
          </p>
          <div className="flex flex-wrap gap-0.5">
            {mostUsed.map((f) => (
              <button
                key={f.emoji}
                type="button"
                onClick={() => onPick(f.emoji)}
                aria-label={f.emoji}
                className="inline-flex size-9 items-center justify-center rounded-lg text-[22px] leading-none hover:bg-hover max-md:size-11"
                data-testid="most-used-emoji"
              >
                {f.emoji}
              </button>
            ))}
          </div>
        </div>
      )}
      {/* React's StrictMode mounts twice in development, and emoji-mart's wrapper adds a picker
          each time: only the last one shows. */}
      <div
        className={`[&_em-emoji-picker:not(:last-child)]:hidden ${
          fill ? '[&_em-emoji-picker]:h-[min(26rem,55dvh)] [&_em-emoji-picker]:w-full' : '[&_em-emoji-picker]:h-[min(24rem,calc(100dvh-8rem))]'
        }`}
      >
        <Mart
          data={data}
          onEmojiSelect={(e) => {
            if (e.native) onPick(e.native);
          }}
          theme="auto"
          set="native"
          // Not on a narrow (touch) screen: the keyboard would cover the sheet at once.
          autoFocus={!fill}
          dynamicWidth={fill}
          {...(fill ? {} : { perLine: 9 })}
          maxFrequentRows={0}
          previewPosition="none"
          skinTonePosition="search"
          navPosition="top"
          searchPosition="sticky"
          emojiSize={24}
          emojiButtonSize={fill ? 40 : 36}
        />
      </div>
    </div>
  );
}

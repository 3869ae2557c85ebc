// The emoji picker itself, loaded only when a picker first opens (ReactionPicker and EmojiButton
// import it lazily: emoji-mart and its data are most of its weight). Above emoji-mart's search,
// categories and skin tones, the user's most used emoji (the server's, so every device shows
// the same) as a row of buttons; emoji-mart's own "frequently used" (kept per browser) is off.
// Its colours are the app's (its CSS variables, read from the theme in force). The chat's custom
// emoji (the server's set, then the group's) are emoji-mart's "Custom" category, as images;
// choosing one gives its `:shortcode:`. A most used custom emoji shows only where it is usable.
import { useLocale, useT } from '../../i18n';
import data from '@emoji-mart/data';
import EmojiMart from '@emoji-mart/react';
import { SearchIndex } from 'emoji-mart';
import { memo, useCallback, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';

import { useCustomEmoji, useEmojiSet, useFrequentEmoji } from '../../app/store-context';
import { emojiText, isCustomEmojiText } from '../../client/custom-emoji';
import type { CustomEmoji } from '../../client/types';
import { EmojiGlyph } from '../../shared/CustomEmoji';

/** How many of the most used show above the picker. */
const MOST_USED = 8;

/** What emoji-mart passes to onEmojiSelect that is read here. */
interface Picked {
  id?: string;
  native?: string;
}

/**
 * A custom emoji as emoji-mart takes it (its `custom` prop). Its `search` and its skin's
 * `shortcodes` are set here, so emoji-mart leaves them: the image's alt text (the button's name)
 * is the `:shortcode:` people write, not emoji-mart's id.
 */
interface MartEmoji {
  id: string;
  name: string;
  keywords: string[];
  search: string;
  skins: Array<{ src: string; shortcodes: string }>;
}

interface MartCategory {
  id: string;
  name: string;
  emojis: MartEmoji[];
}

/**
 * A custom emoji's id in emoji-mart: its data is one table for every picker, where a custom id
 * equal to a Unicode emoji's ("smile") would replace that one.
 */
const CUSTOM_ID = 'custom-';

/** The props of emoji-mart's Picker used here (its React wrapper types them as `any`). */
interface MartProps {
  data: unknown;
  custom: MartCategory[];
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
  /** The interface's language: emoji-mart's own words (search, categories) in it. */
  locale: string;
  /** Its words for a language other than English, loaded with the picker (never from emoji-mart's CDN). */
  i18n: (() => Promise<unknown>) | undefined;
}

/** emoji-mart's words per interface language; English is built in. */
const MART_I18N: Record<string, (() => Promise<unknown>) | undefined> = {
  es: () => import('@emoji-mart/data/i18n/es.json').then((m) => m.default),
};

// Rendered again only when its props change: emoji-mart builds its grid anew on every update
// that carries `custom`.
const Mart = memo(EmojiMart as (props: MartProps) => ReactNode);

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

/** The custom emoji the last picker offered (emoji-mart keeps every one it was given, in one table). */
let offered: MartEmoji[] = [];

/** The "Custom" category: the server's emoji, then the group's (a shortcode in both: the server's). */
function customCategories(server: readonly CustomEmoji[], group: readonly CustomEmoji[], name: string): MartCategory[] {
  const seen = new Set<string>();
  const emojis: MartEmoji[] = [];
  for (const e of [...server, ...group]) {
    if (seen.has(e.shortcode)) continue;
    seen.add(e.shortcode);
    const text = emojiText(e);
    const words = [e.shortcode, ...e.shortcode.split(/[_+-]/).filter((w) => w.length > 0)];
    emojis.push({
      id: `${CUSTOM_ID}${e.shortcode}`,
      name: text,
      keywords: words,
      search: `,${[...new Set(words)].join(',')},${text}`,
      skins: [{ src: e.url, shortcodes: text }],
    });
  }
  // Those offered before and not now (removed, or another group's) are found by no search, and
  // the search looks at the emoji anew.
  const now = new Set(emojis.map((e) => e.id));
  for (const old of offered) if (!now.has(old.id)) old.search = '';
  offered = emojis;
  SearchIndex.reset();
  return emojis.length > 0 ? [{ id: 'custom', name, emojis }] : [];
}

const NONE: readonly CustomEmoji[] = [];

interface Props {
  /** The chat it is for (its custom emoji are offered); null: none but the server's. */
  chatId: string | null;
  onPick: (emoji: string) => void;
  /** A full-width sheet (a narrow screen): the picker fills the width. */
  fill: boolean;
}

export function EmojiPicker({ chatId, onPick, fill }: Props) {
  const t = useT();
  const lang = useLocale();
  const customName = t('reactions.custom');
  const frequent = useFrequentEmoji();
  const lookup = useCustomEmoji(chatId);
  const server = useEmojiSet(null)?.emoji ?? NONE;
  const group = useEmojiSet(chatId)?.emoji ?? NONE;
  // The same array until a set changes: emoji-mart builds its grid again for a new one.
  const custom = useMemo(() => customCategories(server, chatId ? group : NONE, customName), [server, group, chatId, customName]);
  // A custom emoji the user used elsewhere (another group's) is not offered here.
  const mostUsed = frequent.filter((f) => !isCustomEmojiText(f.emoji) || lookup.has(f.emoji)).slice(0, MOST_USED);
  const pick = useRef(onPick);
  pick.current = onPick;
  const onEmojiSelect = useCallback((e: Picked) => {
    if (e.native) pick.current(e.native);
    else if (e.id?.startsWith(CUSTOM_ID)) pick.current(`:${e.id.slice(CUSTOM_ID.length)}:`);
  }, []);
  // Read when it opens; the theme follows the system's, which rarely changes meanwhile.
  const vars = useMemo(() => paletteVars(), []);
  return (
    <div style={vars as CSSProperties} data-testid="emoji-picker" className="flex min-h-0 flex-col">
      {mostUsed.length > 0 && (
        <div role="group" aria-label={t('reactions.mostUsed')} className="border-b border-line px-3 pt-2 pb-1.5">
          <p className="mb-1 text-xs font-medium text-muted" aria-hidden="true">
            {t('reactions.mostUsed')}
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
                <EmojiGlyph emoji={f.emoji} lookup={lookup} />
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
          custom={custom}
          onEmojiSelect={onEmojiSelect}
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
          locale={lang}
          i18n={MART_I18N[lang]}
        />
      </div>
    </div>
  );
}

// Settings › Appearance: the theme (system, light, dark, high contrast, custom: its accent colour
// and the ground it is built on), the chat colours (presets drawn as two bubbles, or the
// person's own: SchemeEditor) with a preview that also shows the background, the chat
// background (BackgroundPicker), the text size and the density, and "Reset appearance". Each
// choice shows at once everywhere (the whole page is restyled) and is saved by itself.
import { useCallback, useId, useMemo, useState } from 'react';

import { useChatStore, usePreferences } from '../../app/store-context';
import { toHsl } from '../../client/contrast';
import { FONT_SIZES, THEMES, type Bubbles, type FontSize, type Theme } from '../../client/settings';
import { useT } from '../../i18n';
import { baseOf, themePalette } from '../../shared/appearance';
import { customPalette, paletteOf, type Base } from '../../shared/palette';
import { schemeBubbles, SCHEMES } from '../../shared/schemes';
import { BackgroundPicker, groundStyle, usePictureUrl } from './BackgroundPicker';
import { BubblePreview, type PreviewGround } from './BubblePreview';
import { ChoiceCards, ColourField, PartTitle, type Choice } from './controls';
import { fontSizeLabel, schemeLabel, themeHint, themeLabel } from './labels';
import { SchemeEditor } from './SchemeEditor';
import { useSystemDark } from './useSystemDark';

const ACCENTS = ['#3f5bd9', '#0b7a75', '#2e7d32', '#c2410c', '#c2185b', '#7b3fd9', '#5f6b7a', '#b8860b'];
const ACCENT_SAVE_MS = 500;
const FONT_SCALE: Record<FontSize, number> = { xs: 0.875, s: 0.9375, m: 1, l: 1.125, xl: 1.25 };

/** A theme drawn small: its ground, a panel, its accent and two bubbles. */
function ThemeSwatch({ theme, accent, base }: { theme: Theme; accent: string; base: Base }) {
  const p = theme === 'system' ? paletteOf(base, base, accent) : paletteOf(theme, theme === 'light' || theme === 'dark' ? theme : base, accent);
  return (
    <span aria-hidden="true" className="flex h-14 w-full overflow-hidden rounded-lg border border-line" style={{ background: p.app }}>
      <span className="w-1/3" style={{ background: p.panel, borderInlineEnd: `1px solid ${p.line}` }}>
        <span className="m-1.5 block h-1.5 rounded-full" style={{ background: p.accent }} />
        <span className="mx-1.5 block h-1 rounded-full" style={{ background: p.muted, opacity: 0.5 }} />
      </span>
      <span className="flex flex-1 flex-col justify-center gap-1 px-1.5" style={{ background: p['chat-bg'] }}>
        <span className="block h-2.5 w-3/5 rounded-full" style={{ background: p.other, border: `1px solid ${p.line}` }} />
        <span className="block h-2.5 w-1/2 self-end rounded-full" style={{ background: p.own }} />
      </span>
    </span>
  );
}

/** A scheme drawn small: one bubble of each side on the chat's ground. */
function SchemeSwatch({ bubbles, ground }: { bubbles: Bubbles; ground: string }) {
  return (
    <span aria-hidden="true" className="flex h-14 w-full flex-col justify-center gap-1 rounded-lg border border-line px-2" style={{ background: ground }}>
      <span className="w-3/4 rounded-md px-1.5 text-[10px] leading-4" style={{ background: bubbles.other, color: bubbles.otherText }}>
        Aa
      </span>
      <span className="w-2/3 self-end rounded-md px-1.5 text-[10px] leading-4" style={{ background: bubbles.own, color: bubbles.ownText }}>
        Aa
      </span>
    </span>
  );
}

export function AppearanceSection() {
  const t = useT();
  const store = useChatStore();
  const prefs = usePreferences();
  const dark = useSystemDark();
  const base = baseOf(prefs, dark);
  const palette = useMemo(() => themePalette(prefs, dark), [prefs, dark]);
  const set = (path: string[], value: unknown, debounceMs?: number) => store.settings.set(path, value, debounceMs ? { debounceMs } : {});
  const shownAccent = prefs.accent;
  const adjusted = prefs.theme === 'custom' ? customPalette(shownAccent, base).accent : shownAccent;
  const [draft, setDraft] = useState<Bubbles | null>(null);
  const onDraft = useCallback((b: Bubbles) => setDraft(b), []);
  const resetHintId = useId();

  const hc = prefs.theme === 'high-contrast';
  const custom = prefs.scheme === 'custom';
  const current = schemeBubbles(prefs.scheme, prefs.bubbles, base);
  const previewBubbles = custom && draft ? draft : hc ? { own: palette.own, ownText: palette['own-fg'], other: palette.other, otherText: palette['other-fg'] } : current;
  const pictureUrl = usePictureUrl(prefs.background.kind === 'image' ? prefs.background.fileId : null);
  const ground: PreviewGround =
    prefs.background.kind === 'image'
      ? { style: {}, ...(pictureUrl ? { photo: { url: pictureUrl, blur: prefs.background.blur, dim: prefs.background.dim } } : {}) }
      : { style: groundStyle(prefs.background, base, null) };

  const themes: Choice<Theme>[] = THEMES.map((th) => ({
    value: th,
    label: themeLabel(th),
    hint: themeHint(th),
    picture: <ThemeSwatch theme={th} accent={th === 'custom' ? prefs.accent : '#3f5bd9'} base={th === 'custom' ? baseOf({ theme: 'custom', customBase: prefs.customBase }, dark) : base} />,
  }));
  const schemes: Choice<string>[] = [
    ...SCHEMES.map((s) => ({ value: s.id, label: schemeLabel(s.id), picture: <SchemeSwatch bubbles={s[base]} ground={palette['chat-bg']} /> })),
    { value: 'custom', label: schemeLabel('custom'), picture: <SchemeSwatch bubbles={prefs.bubbles ?? current} ground={palette['chat-bg']} /> },
  ];

  return (
    <div className="flex flex-col gap-5">
      <PartTitle first>{t('settings.theme.legend')}</PartTitle>
      <ChoiceCards legend={t('settings.theme.legend')} hideLegend value={prefs.theme} choices={themes} onChange={(v) => set(['appearance', 'theme'], v)} testId="theme-choices" />
      {prefs.theme === 'custom' && (
        <div className="flex flex-col gap-3 rounded-xl border border-line bg-panel p-3" data-testid="custom-theme">
          <ColourField
            label={t('settings.accent.label')}
            value={shownAccent}
            onChange={(hex) => set(['appearance', 'accent'], hex, ACCENT_SAVE_MS)}
            testId="accent-colour"
          />
          <div role="group" aria-label={t('settings.accent.suggestions')} className="flex flex-wrap gap-2">
            {ACCENTS.map((c) => (
              <button
                key={c}
                type="button"
                aria-label={t('settings.accent.use', { colour: c })}
                aria-pressed={shownAccent === c}
                onClick={() => set(['appearance', 'accent'], c)}
                className="inline-flex size-9 items-center justify-center rounded-full border-2 border-transparent aria-pressed:border-fg"
              >
                <span aria-hidden="true" className="size-7 rounded-full" style={{ background: c }} />
              </button>
            ))}
          </div>
          {/* Said when the shade shown differs visibly from the one chosen. */}
          {Math.abs(toHsl(adjusted).l - toHsl(shownAccent).l) >= 0.03 && (
            <p className="text-sm text-muted" data-testid="accent-adjusted">
              {t('settings.accent.adjusted', { colour: adjusted })}
            </p>
          )}
          <ChoiceCards
            legend={t('settings.base.legend')}
            value={prefs.customBase}
            choices={(['system', 'light', 'dark'] as const).map((b) => ({ value: b, label: t(`settings.base.${b}`) }))}
            onChange={(v) => set(['appearance', 'customBase'], v)}
            columns="grid-cols-3"
            layout="row"
          />
        </div>
      )}

      <PartTitle>{t('settings.scheme.legend')}</PartTitle>
      {hc && <p className="text-sm text-muted">{t('settings.scheme.hcNote')}</p>}
      <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
        <div className="flex min-w-0 flex-col gap-3">
          <ChoiceCards
            legend={t('settings.scheme.legend')}
            hideLegend
            value={prefs.scheme === 'custom' || SCHEMES.some((s) => s.id === prefs.scheme) ? prefs.scheme : 'classic'}
            choices={schemes}
            onChange={(v) =>
              v === 'custom'
                ? store.settings.changeSettings({ appearance: { scheme: 'custom', bubbles: prefs.bubbles ?? current } })
                : set(['appearance', 'scheme'], v)
            }
            columns="grid-cols-2 sm:grid-cols-4 lg:grid-cols-3"
            testId="scheme-choices"
          />
          {custom && <SchemeEditor initial={prefs.bubbles ?? current} onDraft={onDraft} />}
        </div>
        <BubblePreview bubbles={previewBubbles} palette={palette} ground={ground} testId="scheme-preview" />
      </div>

      <PartTitle>{t('settings.background.legend')}</PartTitle>
      <BackgroundPicker
        legend={t('settings.background.legend')}
        help={t('settings.background.help')}
        value={prefs.background}
        onChange={(bg, o) => set(['appearance', 'background'], bg ?? { kind: 'none' }, o?.debounceMs)}
        base={base}
        hideLegend
        testId="background"
      />

      <PartTitle>{t('settings.fontSize.legend')}</PartTitle>
      <ChoiceCards
        legend={t('settings.fontSize.legend')}
        hideLegend
        help={t('settings.fontSize.help')}
        value={prefs.fontSize}
        choices={FONT_SIZES.map((f) => ({
          value: f,
          label: fontSizeLabel(f),
          picture: (
            <span aria-hidden="true" className="flex h-10 items-end font-semibold" style={{ fontSize: `${FONT_SCALE[f] * 1.25}rem` }}>
              Aa
            </span>
          ),
        }))}
        onChange={(v) => set(['appearance', 'fontSize'], v)}
        columns="grid-cols-2 sm:grid-cols-5"
        testId="font-size-choices"
      />

      <PartTitle>{t('settings.density.legend')}</PartTitle>
      <ChoiceCards
        legend={t('settings.density.legend')}
        hideLegend
        value={prefs.density}
        choices={(['comfortable', 'compact'] as const).map((d) => ({ value: d, label: t(`settings.density.${d}`), hint: t(`settings.density.${d}.hint`) }))}
        onChange={(v) => set(['appearance', 'density'], v)}
        columns="grid-cols-2"
        layout="row"
        testId="density-choices"
      />

      <div className="flex flex-wrap items-center gap-3 border-t border-line pt-5">
        <button
          type="button"
          aria-describedby={resetHintId}
          onClick={() => set(['appearance'], undefined)}
          className="h-11 rounded-xl border border-line bg-panel px-4 text-sm font-medium hover:bg-hover"
          data-testid="appearance-reset"
        >
          {t('settings.appearance.reset')}
        </button>
        <p id={resetHintId} className="min-w-0 flex-1 text-sm text-muted">
          {t('settings.appearance.resetHint')}
        </p>
      </div>
    </div>
  );
}

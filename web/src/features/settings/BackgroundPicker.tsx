// Choosing a chat background: none, a preset (each tile drawn as it will look on the ground in
// force), or a picture the person uploads (the files' uploads, with its progress and refusal in
// words), blurred and dimmed with two sliders. For a chat, "Use default" (its own background
// cleared) comes first. Each choice applies at once and is saved by itself; the sliders save a
// moment after they stop.
import { useEffect, useId, useRef, useState, type CSSProperties } from 'react';

import { useChatStore, useFileLink } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { BLUR_MAX, DIM_MAX, type Background } from '../../client/settings';
import { useT } from '../../i18n';
import { backgroundPaint, BACKGROUNDS } from '../../shared/backgrounds';
import type { Base } from '../../shared/palette';
import { ChoiceCards, Slider, type Choice } from './controls';
import { backgroundLabel } from './labels';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
const SLIDER_SAVE_MS = 400;

/** The signed link of a picture, asked for while shown. */
export function usePictureUrl(fileId: string | null): string | null {
  const store = useChatStore();
  const link = useFileLink(fileId ?? '')?.link;
  useEffect(() => {
    if (!fileId) return;
    return store.files.links.want([fileId]);
  }, [store, fileId]);
  return link ? (link.thumbnailUrl ?? link.displayUrl ?? link.url) : null;
}

/** How a background looks on `base`, as a tile's or a preview's style. */
export function groundStyle(bg: Background, base: Base, pictureUrl: string | null): CSSProperties {
  const paint = backgroundPaint(bg, base, pictureUrl);
  if (!paint) return {};
  if (paint.kind === 'image') return {};
  return { backgroundColor: paint.vars['backdrop-color'], backgroundImage: paint.vars['backdrop-image'], backgroundSize: paint.vars['backdrop-size'] };
}

function Tile({ style, url }: { style?: CSSProperties; url?: string | null }) {
  return (
    <span
      aria-hidden="true"
      className="block h-14 w-full rounded-lg border border-line bg-chat bg-cover bg-center"
      style={url ? { backgroundImage: `url(${JSON.stringify(url)})` } : style}
    />
  );
}

type Value = 'default' | 'none' | 'image' | `preset:${string}`;

function valueOf(bg: Background | undefined): Value {
  if (!bg) return 'default';
  if (bg.kind === 'preset') return `preset:${bg.preset}`;
  return bg.kind;
}

export function BackgroundPicker({
  legend,
  help,
  value,
  onChange,
  base,
  defaultChoice,
  hideLegend = false,
  columns = 'grid-cols-3 sm:grid-cols-4',
  testId,
}: {
  legend: string;
  /** The legend read, not shown (a heading above says it). */
  hideLegend?: boolean;
  /** The tiles' grid columns (a dialog has room for fewer). */
  columns?: string;
  help?: string;
  /** undefined: the default (only with `defaultChoice`). */
  value: Background | undefined;
  onChange: (bg: Background | undefined, options?: { debounceMs?: number }) => void;
  base: Base;
  /** A chat's picker: "Use default", showing the global background. */
  defaultChoice?: { label: string; background: Background };
  testId?: string;
}) {
  const t = useT();
  const store = useChatStore();
  const fileInput = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [upload, setUpload] = useState<{ percent: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const image = value?.kind === 'image' ? value : null;
  const pictureUrl = usePictureUrl(image?.fileId ?? null);
  const defaultPicture = usePictureUrl(defaultChoice?.background.kind === 'image' ? defaultChoice.background.fileId : null);

  const choices: Choice<Value>[] = [
    ...(defaultChoice
      ? [{ value: 'default' as const, label: defaultChoice.label, picture: <Tile style={groundStyle(defaultChoice.background, base, null)} url={defaultPicture} /> }]
      : []),
    { value: 'none', label: backgroundLabel('none'), picture: <Tile /> },
    ...BACKGROUNDS.map((b) => ({
      value: `preset:${b.id}` as const,
      label: backgroundLabel(b.id),
      picture: <Tile style={groundStyle({ kind: 'preset', preset: b.id }, base, null)} />,
    })),
    ...(image ? [{ value: 'image' as const, label: backgroundLabel('image'), picture: <Tile url={pictureUrl} /> }] : []),
  ];

  const choose = (v: Value) => {
    setProblem(null);
    if (v === 'default') onChange(undefined);
    else if (v === 'none') onChange({ kind: 'none' });
    else if (v === 'image') {
      if (image) onChange(image);
    } else onChange({ kind: 'preset', preset: v.slice('preset:'.length) });
  };

  const uploadPicture = async (file: File) => {
    setProblem(null);
    if (!IMAGE_TYPES.includes(file.type)) {
      setProblem(t('settings.background.notImage'));
      return;
    }
    setUpload({ percent: 0 });
    try {
      const fileId = await store.settings.uploadPicture(file, file.name, (share) => setUpload({ percent: Math.round(share * 100) }));
      onChange({ kind: 'image', fileId, blur: image?.blur ?? 0, dim: image?.dim ?? 20 });
    } catch (err) {
      setProblem(t('settings.background.uploadFailed', { error: errorMessage(err) }));
    } finally {
      setUpload(null);
    }
  };

  return (
    <div className="flex flex-col gap-3" data-testid={testId}>
      <ChoiceCards
        legend={legend}
        help={help}
        value={valueOf(value)}
        choices={choices}
        onChange={choose}
        columns={columns}
        hideLegend={hideLegend}
        testId={testId ? `${testId}-choices` : undefined}
      />
      <div className="flex flex-wrap items-center gap-3">
        <input
          ref={fileInput}
          id={inputId}
          type="file"
          accept={IMAGE_TYPES.join(',')}
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void uploadPicture(file);
          }}
          data-testid={testId ? `${testId}-file` : undefined}
        />
        <button
          type="button"
          disabled={upload !== null}
          onClick={() => fileInput.current?.click()}
          className="h-11 rounded-xl border border-line bg-panel px-4 text-sm font-medium hover:bg-hover disabled:opacity-60"
        >
          {image ? t('settings.background.replace') : t('settings.background.upload')}
        </button>
        <p role="status" className="text-sm text-muted">
          {upload ? t('settings.background.uploading', { percent: upload.percent }) : ''}
        </p>
      </div>
      {problem && (
        <p role="alert" className="text-sm text-danger">
          {problem}
        </p>
      )}
      {image && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Slider
            label={t('settings.background.blur')}
            value={image.blur}
            min={0}
            max={BLUR_MAX}
            valueText={t('settings.background.px', { value: image.blur })}
            onChange={(blur) => onChange({ ...image, blur }, { debounceMs: SLIDER_SAVE_MS })}
            testId={testId ? `${testId}-blur` : undefined}
          />
          <Slider
            label={t('settings.background.dim')}
            value={image.dim}
            min={0}
            max={DIM_MAX}
            valueText={t('settings.background.percent', { value: image.dim })}
            onChange={(dim) => onChange({ ...image, dim }, { debounceMs: SLIDER_SAVE_MS })}
            testId={testId ? `${testId}-dim` : undefined}
          />
        </div>
      )}
    </div>
  );
}

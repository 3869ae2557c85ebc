// A custom emoji set as its dialog or panel section shows it: each emoji's image and
// `:shortcode:`, and for whoever manages the set (`set.canManage`) a remove button per emoji
// and the upload form: the shortcode (its rule shown; lowercased as typed, filled from the
// file's name when empty), the image (PNG, GIF or WebP, at most 256 KiB, checked here before it
// is sent), and every refusal in words. The caller does the adding and removing (the store).
import { useT } from '../i18n';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import {
  EMOJI_TYPES,
  shortcodeRule,
  emojiErrorText,
  imageProblem,
  isShortcode,
  normalShortcode,
  shortcodeProblem,
} from '../client/custom-emoji';
import type { EmojiSet } from '../client/types';
import { CustomEmojiImage } from './CustomEmoji';

interface Props {
  /** undefined while it loads. */
  set: EmojiSet | undefined;
  /** What an empty set says ("No custom emoji on this server yet."). */
  emptyText: string;
  /** Adds an emoji; throws the server's refusal. */
  onAdd: (shortcode: string, image: Uint8Array) => Promise<unknown>;
  /** Removes one; throws the server's refusal. */
  onRemove: (shortcode: string) => Promise<void>;
  /** The id of what names the list (the section's heading, the dialog's title). */
  labelledBy?: string;
  testId?: string;
}

const button = 'h-11 rounded-xl px-4 text-sm font-medium';
const field =
  'h-11 w-full rounded-xl border bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';

/** A file's name as a shortcode, when it makes a valid one ("Party Parrot.gif" → party_parrot). */
function shortcodeFromName(name: string): string {
  const s = name
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_+-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32);
  return isShortcode(s) ? s : '';
}

export function EmojiSetEditor({ set, emptyText, onAdd, onRemove, labelledBy, testId }: Props) {
  const t = useT();
  const [shortcode, setShortcode] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [shortcodeError, setShortcodeError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const shortcodeId = useId();
  const shortcodeHint = useId();
  const shortcodeErrorId = useId();
  const fileId = useId();
  const fileHint = useId();
  const fileErrorId = useId();

  // The chosen image's preview, forgotten with it.
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const emoji = set?.emoji ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setAnnounce('');
    const code = normalShortcode(shortcode);
    const codeProblem = shortcodeProblem(code, emoji);
    const imgProblem = file ? imageProblem(file) : t('emoji.chooseImage');
    setShortcodeError(codeProblem);
    setFileError(imgProblem);
    if (codeProblem || imgProblem || !file) return;
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      await onAdd(code, bytes);
      setShortcode('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setAnnounce(t('emoji.added', { code }));
    } catch (err) {
      setError(emojiErrorText(err, code));
    } finally {
      setBusy(false);
    }
  }

  async function remove(code: string) {
    setError(null);
    setAnnounce('');
    setRemoving(code);
    try {
      await onRemove(code);
      setAnnounce(t('emoji.removed', { code }));
    } catch (err) {
      setError(emojiErrorText(err, code));
    } finally {
      setRemoving(null);
    }
  }

  return (
    <div className="flex flex-col gap-3" data-testid={testId}>
      {set === undefined ? (
        <p className="py-1 text-center text-sm text-muted" role="status">
          {t('emoji.loading')}
        </p>
      ) : emoji.length === 0 ? (
        <p className="text-sm text-muted" data-testid="emoji-set-empty">
          {emptyText}
        </p>
      ) : (
        <ul aria-labelledby={labelledBy} className="flex max-h-64 flex-col overflow-y-auto" data-testid="emoji-set">
          {emoji.map((e) => (
            <li key={e.id} data-shortcode={e.shortcode} className="flex min-h-11 items-center gap-3 rounded-xl py-1 ps-1">
              <CustomEmojiImage emoji={e} className="size-8 shrink-0" />
              <span className="min-w-0 flex-1 truncate font-mono text-sm">:{e.shortcode}:</span>
              {set.canManage && (
                <button
                  type="button"
                  onClick={() => void remove(e.shortcode)}
                  disabled={removing !== null}
                  aria-label={t('emoji.remove', { code: e.shortcode })}
                  className={`${button} shrink-0 px-3 text-danger hover:bg-danger-soft disabled:opacity-60`}
                >
                  {removing === e.shortcode ? t('emoji.removing') : t('common.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {set?.canManage && (
        <form noValidate onSubmit={submit} className="flex flex-col gap-3 rounded-xl border border-line p-3" data-testid="emoji-upload">
          <p className="text-sm font-semibold">{t('emoji.add')}</p>
          <div className="flex flex-col gap-1">
            <label htmlFor={shortcodeId} className="text-sm font-medium">
              {t('emoji.shortcode')}
            </label>
            <input
              id={shortcodeId}
              value={shortcode}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={34}
              aria-invalid={shortcodeError ? true : undefined}
              aria-describedby={`${shortcodeHint}${shortcodeError ? ` ${shortcodeErrorId}` : ''}`}
              onChange={(e) => {
                setShortcode(e.target.value.toLowerCase());
                setShortcodeError(null);
              }}
              className={`${field} font-mono ${shortcodeError ? 'border-danger' : 'border-line'}`}
            />
            <p id={shortcodeHint} className="text-xs text-muted">
              {t('emoji.shortcodeHint', { rule: shortcodeRule() })}
            </p>
            {shortcodeError && (
              <p id={shortcodeErrorId} role="alert" className="text-sm text-danger">
                {shortcodeError}
              </p>
            )}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={fileId} className="text-sm font-medium">
              {t('emoji.image')}
            </label>
            <div className="flex items-center gap-3">
              <input
                ref={fileInput}
                id={fileId}
                type="file"
                accept={EMOJI_TYPES.join(',')}
                aria-invalid={fileError ? true : undefined}
                aria-describedby={`${fileHint}${fileError ? ` ${fileErrorId}` : ''}`}
                onChange={(e) => {
                  const chosen = e.target.files?.[0] ?? null;
                  setFile(chosen);
                  setFileError(chosen ? imageProblem(chosen) : null);
                  if (chosen && normalShortcode(shortcode) === '') setShortcode(shortcodeFromName(chosen.name));
                }}
                className="min-w-0 flex-1 text-sm file:me-3 file:h-11 file:cursor-pointer file:rounded-xl file:border-0 file:bg-panel-2 file:px-4 file:text-sm file:font-medium file:text-fg"
              />
              {/* What it will look like; the input names the file. Nothing when it is no image. */}
              {preview && (
                <img
                  src={preview}
                  alt=""
                  onError={() => setPreview(null)}
                  className="size-10 shrink-0 rounded object-contain"
                  data-testid="emoji-preview"
                />
              )}
            </div>
            <p id={fileHint} className="text-xs text-muted">
              {t('emoji.imageHint')}
            </p>
            {fileError && (
              <p id={fileErrorId} role="alert" className="text-sm text-danger">
                {fileError}
              </p>
            )}
          </div>
          <button
            type="submit"
            disabled={busy}
            className={`${button} bg-accent text-on-accent hover:bg-accent-strong disabled:opacity-60`}
          >
            {busy ? t('emoji.adding') : t('emoji.addButton')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="emoji-error">
          {error}
        </p>
      )}
      <p role="status" className="sr-only">
        {announce}
      </p>
    </div>
  );
}

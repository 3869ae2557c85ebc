// Editing a group's name, description and colour (who may: the group's editInfo setting).
import { useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { Chat } from '../../client/types';
import { MAX_DESCRIPTION, MAX_TITLE } from './NewGroupDialog';
import { button, field } from './styles';
import { useT } from '../../i18n';

const COLOURS = ['#3f5bd9', '#0f766e', '#b45309', '#be123c', '#7c3aed', '#15803d', '#0369a1', '#374151'];

export function EditInfo({ chat, onDone }: { chat: Chat; onDone: () => void }) {
  const t = useT();
  const store = useChatStore();
  const [title, setTitle] = useState(chat.title ?? '');
  const [description, setDescription] = useState(chat.description ?? '');
  const [color, setColor] = useState(chat.avatarColor ?? COLOURS[0] ?? '#3f5bd9');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex max-h-[80dvh] flex-col gap-3 overflow-y-auto px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        const name = title.trim();
        if (!name) {
          setError(t('groups.nameMissing'));
          return;
        }
        const patch: { title?: string; description?: string; avatarColor?: string } = {};
        if (name !== chat.title) patch.title = name;
        if (description.trim() !== (chat.description ?? '')) patch.description = description.trim();
        if (color !== chat.avatarColor) patch.avatarColor = color;
        if (Object.keys(patch).length === 0) {
          onDone();
          return;
        }
        setBusy(true);
        store.groups
          .updateGroup(chat.id, patch)
          .then(onDone)
          .catch((err: unknown) => {
            setError(errorMessage(err));
            setBusy(false);
          });
      }}
    >
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t('groups.edit.name')}
        <input data-autofocus value={title} dir="auto" onChange={(e) => setTitle(e.target.value)} maxLength={MAX_TITLE * 2} className={`${field} h-11`} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t('groups.edit.description')}
        <textarea value={description} dir="auto" onChange={(e) => setDescription(e.target.value)} maxLength={MAX_DESCRIPTION} rows={3} className={`${field} resize-none py-2`} />
      </label>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">{t('groups.edit.colour')}</legend>
        <div className="flex flex-wrap gap-1">
          {COLOURS.map((c) => (
            <label key={c} className="inline-flex size-11 cursor-pointer items-center justify-center rounded-full has-[:checked]:ring-2 has-[:checked]:ring-accent">
              <input type="radio" name="colour" value={c} checked={color === c} onChange={() => setColor(c)} className="sr-only" aria-label={t('groups.edit.colourN', { n: COLOURS.indexOf(c) + 1 })} />
              <span className="size-8 rounded-full" style={{ background: c }} />
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onDone} className={`${button} hover:bg-hover`}>
          {t('common.cancel')}
        </button>
        <button type="submit" disabled={busy} className={`${button} bg-accent px-5 text-on-accent hover:bg-accent-strong disabled:opacity-60`}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}

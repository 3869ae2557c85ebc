// "New group": a title, an optional description and the first members, chosen from the
// server's directory; the user becomes the owner. Creating shows its progress; the server's
// refusal (a title too long, a member limit, ...) shows in the dialog, in its words.
import { useMemo, useState, type FormEvent } from 'react';

import { useChatStore, useSession } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { User } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { MemberPicker } from './MemberPicker';
import { useT } from '../../i18n';

export const MAX_TITLE = 128;
export const MAX_DESCRIPTION = 2000;

export function NewGroupDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (chatId: string) => void }) {
  const t = useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<readonly User[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const exclude = useMemo(() => new Set([me]), [me]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const name = title.trim();
    if (!name) {
      setError(t('groups.nameMissing'));
      return;
    }
    if ([...name].length > MAX_TITLE) {
      setError(t('groups.nameTooLong', { max: MAX_TITLE }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const chat = await store.groups.createGroup(name, description, members.map((u) => u.id));
      onCreated(chat.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('groups.new.title')} onClose={onClose} testId="new-group-dialog">
      <form onSubmit={(e) => void submit(e)} className="flex max-h-[80dvh] flex-col gap-3 overflow-y-auto px-5 py-4" noValidate>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('groups.edit.name')}
          <input
            data-autofocus
            dir="auto"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={MAX_TITLE * 2}
            required
            aria-invalid={error !== null && !title.trim()}
            className="h-11 rounded-xl border border-line bg-panel-2 px-3 text-[15px] font-normal outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('groups.new.description')}
          <textarea
            dir="auto"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={MAX_DESCRIPTION}
            rows={2}
            className="resize-none rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] font-normal outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
          />
        </label>
        <fieldset className="flex min-h-0 flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">
            {members.length > 0 ? t('groups.new.chosen', { count: members.length }) : t('groups.members')}
          </legend>
          <MemberPicker selected={members} onChange={setMembers} exclude={exclude} />
        </fieldset>
        {error && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <button type="button" onClick={onClose} className="h-11 rounded-xl px-4 text-sm font-medium hover:bg-hover">
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            disabled={busy}
            className="h-11 rounded-xl bg-accent px-5 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60"
          >
            {busy ? t('groups.new.creating') : t('groups.new.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

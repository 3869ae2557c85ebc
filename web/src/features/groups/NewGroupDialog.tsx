// "New group": a title, an optional description and the first members, chosen from the
// server's directory; the user becomes the owner. Creating shows its progress; the server's
// refusal (a title too long, a member limit, ...) shows in the dialog, in its words.
import { useMemo, useState, type FormEvent } from 'react';

import { useChatStore, useSession } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { User } from '../../client/types';
import { Modal } from '../../shared/Modal';
import { MemberPicker } from './MemberPicker';

export const MAX_TITLE = 128;
export const MAX_DESCRIPTION = 2000;

export function NewGroupDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (chatId: string) => void }) {
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
    const t = title.trim();
    if (!t) {
      setError('Give the group a name.');
      return;
    }
    if ([...t].length > MAX_TITLE) {
      setError(`A group name can be at most ${MAX_TITLE} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const chat = await store.groups.createGroup(t, description, members.map((u) => u.id));
      onCreated(chat.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Modal title="New group" onClose={onClose} testId="new-group-dialog">
      <form onSubmit={(e) => void submit(e)} className="flex max-h-[80dvh] flex-col gap-3 overflow-y-auto px-5 py-4" noValidate>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Group name
          <input
            data-autofocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={MAX_TITLE * 2}
            required
            aria-invalid={error !== null && !title.trim()}
            className="h-11 rounded-xl border border-line bg-panel-2 px-3 text-[15px] font-normal outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Description (optional)
          <textarea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={MAX_DESCRIPTION}
            rows={2}
            className="resize-none rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] font-normal outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
          />
        </label>
        <fieldset className="flex min-h-0 flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">
            Members{members.length > 0 ? ` (${members.length} chosen)` : ''}
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
            Cancel
          </button>
          <button
            type="submit"
            disabled={busy}
            className="h-11 rounded-xl bg-accent px-5 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60"
          >
            {busy ? 'Creating…' : 'Create group'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

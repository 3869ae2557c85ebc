// Quick replies above the message box: while the chat's newest message is someone else's and
// the box is empty, up to three chips, the templates the person uses most in this chat (then in
// all), as the server ranks them (store.templates.quick, read again when a message from someone
// else arrives and after each use). A tap on a chip sends its text at once, variables filled in
// (the composer's own send); its pencil puts the text in the box instead, to change it first.
// Both count a use. Nothing shows when there are none. One row that scrolls sideways on a phone.
import { useMemo } from 'react';

import { useChatMessages, useQuickReplies, useSession } from '../../app/store-context';
import { awaitsReply } from '../../client/templates';
import type { Template } from '../../client/templates-wire';
import { PencilIcon } from '../../shared/icons';
import { useT } from '../../i18n';

interface Props {
  chatId: string;
  /** Sending is held back (slow mode): the chips that send are disabled. */
  disabled: boolean;
  onSend: (tpl: Template) => void;
  onEdit: (tpl: Template) => void;
}

export function QuickReplies({ chatId, disabled, onSend, onEdit }: Props) {
  const t = useT();
  const quick = useQuickReplies(chatId);
  const me = useSession((s) => s.user?.id ?? '');
  const items = useChatMessages(chatId)?.items;
  const shown = useMemo(() => quick.length > 0 && awaitsReply(items ?? [], me), [quick, items, me]);
  if (!shown) return null;
  return (
    <div
      role="group"
      aria-label={t('templates.quick.label')}
      className="scrollbar-thin -mx-1 mb-2 flex gap-2 overflow-x-auto px-1 py-0.5"
      data-testid="quick-replies"
    >
      {quick.map((tpl) => (
        <div key={tpl.id} className="flex max-w-[min(16rem,80vw)] shrink-0 items-stretch rounded-full border border-accent/40 bg-accent-soft text-accent" data-testid="quick-reply">
          <button
            type="button"
            disabled={disabled}
            onClick={() => onSend(tpl)}
            aria-label={t('templates.quick.send', { title: tpl.title })}
            className="min-h-11 min-w-0 truncate rounded-s-full ps-3.5 pe-2 text-sm font-medium hover:bg-accent/10 disabled:opacity-60 md:min-h-9"
            data-testid="quick-reply-send"
            dir="auto"
          >
            {tpl.title}
          </button>
          <button
            type="button"
            onClick={() => onEdit(tpl)}
            aria-label={t('templates.quick.edit', { title: tpl.title })}
            title={t('templates.quick.edit', { title: tpl.title })}
            className="inline-flex min-h-11 w-10 shrink-0 items-center justify-center rounded-e-full border-s border-accent/30 hover:bg-accent/10 md:min-h-9 md:w-9"
            data-testid="quick-reply-edit"
          >
            <PencilIcon size={15} />
          </button>
        </div>
      ))}
    </div>
  );
}

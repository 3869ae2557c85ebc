// The bar that replaces the composer while messages are selected: cancel, how many are
// selected, and what can be done with them (forward; delete, up to 100 at once).
import { MAX_DELETED_AT_ONCE } from '../../client/lifecycle';
import { CloseIcon, ForwardIcon, TrashIcon } from '../../shared/icons';
import { useT } from '../../i18n';

interface Props {
  count: number;
  /** Deleting is possible for the selection (at least for the user). */
  canDelete: boolean;
  onCancel: () => void;
  onForward: () => void;
  onDelete: () => void;
}

const action = 'inline-flex h-10 items-center gap-2 rounded-xl px-4 text-sm font-medium disabled:opacity-50';

export function SelectionBar({ count, canDelete, onCancel, onForward, onDelete }: Props) {
  const t = useT();
  const tooMany = count > MAX_DELETED_AT_ONCE;
  return (
    <div className="flex items-center gap-2 border-t border-line bg-panel px-3 py-2.5 md:px-5" role="toolbar" aria-label={t('chat.selection')}>
      <button
        type="button"
        onClick={onCancel}
        aria-label={t('chat.selection.cancel')}
        className="inline-flex size-10 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg"
      >
        <CloseIcon size={18} />
      </button>
      <span className="min-w-0 flex-1 truncate text-sm font-medium" aria-live="polite">
        {count === 0 ? t('chat.selection.none') : t('chat.selection.count', { count })}
        {tooMany && <span className="block text-xs font-normal text-muted">{t('chat.selection.tooMany', { max: MAX_DELETED_AT_ONCE })}</span>}
      </span>
      <button
        type="button"
        disabled={count === 0 || !canDelete}
        onClick={onDelete}
        aria-label={count > 0 ? t('chat.selection.delete', { count }) : t('common.delete')}
        className={`${action} border border-danger/40 text-danger hover:bg-danger-soft max-sm:px-3`}
      >
        <TrashIcon size={16} />
        <span className="max-sm:sr-only">{t('common.delete')}</span>
      </button>
      <button
        type="button"
        disabled={count === 0}
        onClick={onForward}
        className={`${action} bg-accent text-on-accent hover:bg-accent-strong`}
      >
        <ForwardIcon size={16} />
        {t('chat.action.forward')}
      </button>
    </div>
  );
}

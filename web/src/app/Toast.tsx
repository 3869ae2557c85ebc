// A short-lived message at the bottom of the screen for errors that belong to no form.
import { useEffect } from 'react';

import { CloseIcon } from '../shared/icons';
import { useChatStore, useToast } from './store-context';
import { useT } from '../i18n';

export function Toast() {
  const t = useT();
  const store = useChatStore();
  const toast = useToast();
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => store.dismissToast(toast.id), 6000);
    return () => clearTimeout(timer);
  }, [store, toast]);
  return (
    <div aria-live="assertive" className="pointer-events-none fixed inset-x-0 bottom-20 z-50 flex justify-center px-4">
      {toast && (
        <div
          role="alert"
          className="pointer-events-auto flex max-w-md items-center gap-3 rounded-xl bg-fg px-4 py-2.5 text-sm text-panel shadow-lg"
        >
          <span dir="auto">{toast.text}</span>
          <button type="button" aria-label={t('app.dismiss')} onClick={() => store.dismissToast(toast.id)} className="opacity-70 hover:opacity-100">
            <CloseIcon size={16} />
          </button>
        </div>
      )}
    </div>
  );
}

// Settings › Your data: exporting one's chats. The form (ExportForm.tsx; with the chat the
// address names chosen already: /settings/data?chat=<id>, the chat menu's "Export chat…") and
// the person's exports (ExportList.tsx), read when the section opens and kept current by the
// server's progress while it shows.
import { useEffect, useId } from 'react';

import { useChatStore } from '../../app/store-context';
import { useT } from '../../i18n';
import { ExportForm } from './ExportForm';
import { ExportList } from './ExportList';
import { heading } from './styles';

export function ExportSection({ chatId }: { chatId?: string }) {
  const t = useT();
  const store = useChatStore();
  const formHeading = useId();
  const listHeading = useId();

  useEffect(() => store.exports.watch(), [store]);

  if (!store.exports.available()) {
    return (
      <p className="text-sm text-muted" data-testid="export-section">
        {t('exports.unavailable')}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-5" data-testid="export-section">
      <section aria-labelledby={formHeading} className="flex flex-col gap-4">
        <h3 id={formHeading} className={heading}>
          {t('exports.title')}
        </h3>
        <p className="text-sm text-muted">{t('exports.intro')}</p>
        <ExportForm key={chatId ?? ''} chatId={chatId} labelledBy={formHeading} />
      </section>
      <section aria-labelledby={listHeading} className="flex flex-col gap-3 border-t border-line pt-5">
        <h3 id={listHeading} className={heading}>
          {t('exports.list.title')}
        </h3>
        <ExportList labelledBy={listHeading} />
      </section>
    </div>
  );
}

// Settings › Templates: the person's own templates (TemplateSetEditor.tsx), how to use them (type
// "/" and a shortcut in a message box, or the insert-template shortcut), how many there are,
// and, when they cannot be read, why, with "Try again". Read when the section opens.
import { useEffect, useId } from 'react';

import { useChatStore, useTemplatesView } from '../../app/store-context';
import { shortcutText } from '../../shared/shortcuts';
import { useT } from '../../i18n';
import { button } from './styles';
import { TemplateSetEditor } from './TemplateSetEditor';

export function TemplatesSection() {
  const t = useT();
  const store = useChatStore();
  const view = useTemplatesView();
  const headingId = useId();

  useEffect(() => {
    void store.templates.load();
  }, [store]);

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4" data-testid="templates-section">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h3 id={headingId} className="text-xs font-semibold tracking-wide text-muted uppercase">
          {t('templates.title')}
        </h3>
        {view.list && view.list.length > 0 && <p className="text-sm text-muted">{t('templates.count', { count: view.list.length })}</p>}
      </div>
      <p className="text-sm text-muted">{t('templates.intro', { key: shortcutText('insertTemplate') })}</p>
      {view.list === null && view.loadError ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-xl bg-danger-soft p-3 text-sm">
          <p className="min-w-0 flex-1 text-danger">{t('templates.loadError', { error: view.loadError })}</p>
          <button type="button" onClick={() => void store.templates.load()} className={`${button} bg-panel hover:bg-hover`}>
            {t('templates.retry')}
          </button>
        </div>
      ) : (
        <TemplateSetEditor
          set={null}
          templates={view.list ?? undefined}
          canManage
          emptyText={t('templates.empty')}
          newLabel={t('templates.new')}
          labelledBy={headingId}
        />
      )}
    </section>
  );
}

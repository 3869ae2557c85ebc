// The Notifications dialog's keywords: words that notify like a mention (whole words, any
// case), as chips each with a button that removes it, and a box to add one (Enter or Add). The
// limits (20 keywords of 2 to 40 characters, each once) are checked here first, in words; a
// refusal of the server shows at the dialog's bottom. Each change is saved at once.
import { useId, useState, type FormEvent } from 'react';

import { useChatStore } from '../../app/store-context';
import { MAX_KEYWORDS, keywordProblem } from '../../client/notifications';
import { CloseIcon } from '../../shared/icons';
import { SECTION_TITLE_RULED } from './settings-style';
import { useT } from '../../i18n';

export function KeywordSettings({ keywords }: { keywords: readonly string[] }) {
  const t = useT();
  const store = useChatStore();
  const [word, setWord] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = useId();
  const inputId = useId();
  const problemId = useId();
  const full = keywords.length >= MAX_KEYWORDS;

  const add = (e: FormEvent) => {
    e.preventDefault();
    const wrong = keywordProblem(keywords, word);
    setProblem(wrong);
    if (wrong) return;
    store.notifications.setKeywords([...keywords, word.trim()]);
    setWord('');
  };

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2" data-testid="keyword-settings">
      <h3 id={headingId} className={SECTION_TITLE_RULED}>
        {t('notifications.keywords.title')}
      </h3>
      <p className="text-sm text-muted">{t('notifications.keywords.hint')}</p>
      {keywords.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={t('notifications.keywords.yours')}>
          {keywords.map((k) => (
            <li key={k} className="inline-flex h-9 items-center gap-0.5 rounded-full bg-accent-soft ps-3 text-sm font-medium text-accent">
              <span className="max-w-48 truncate" dir="auto">{k}</span>
              <button
                type="button"
                onClick={() => store.notifications.setKeywords(keywords.filter((x) => x !== k))}
                aria-label={t('notifications.keywords.remove', { word: k })}
                title={t('common.remove')}
                className="inline-flex size-9 items-center justify-center rounded-full hover:bg-hover"
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted italic">{t('notifications.keywords.none')}</p>
      )}
      <form onSubmit={add} className="flex items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          {t('notifications.keywords.new')}
        </label>
        <input
          id={inputId}
          value={word}
          onChange={(e) => {
            setWord(e.target.value);
            setProblem(null);
          }}
          placeholder={full ? t('notifications.keywords.full', { max: MAX_KEYWORDS }) : t('notifications.keywords.add')}
          dir="auto"
          disabled={full}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          autoComplete="off"
          className="h-11 min-w-0 flex-1 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none placeholder:text-muted focus:border-accent focus:ring-3 focus:ring-accent/15 disabled:opacity-60"
          data-testid="keyword-input"
        />
        <button
          type="submit"
          disabled={full || word.trim() === ''}
          className="h-11 shrink-0 rounded-xl bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:bg-line disabled:text-muted"
        >
          {t('notifications.keywords.addButton')}
        </button>
      </form>
      {problem && (
        <p id={problemId} role="alert" className="text-sm text-danger" data-testid="keyword-problem">
          {problem}
        </p>
      )}
      <p className="text-xs text-muted">
        {t('notifications.keywords.count', { count: keywords.length, max: MAX_KEYWORDS })}
      </p>
    </section>
  );
}

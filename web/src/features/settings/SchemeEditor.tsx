// The person's own chat colours: the four colours (their bubbles and text, others' bubbles and
// text), each pair's contrast as it is chosen ("7.1:1, reads well" or "too low"), saved a
// moment after the last change. The server refuses a pair under 4.5:1; its words show here with
// "Fix", which moves the text colours just enough to read, as does the same button while a pair
// is too low. The preview beside it shows the colours chosen, refused or not.
import { useEffect, useRef, useState } from 'react';

import { useChatStore, useSettingsView } from '../../app/store-context';
import { contrast, ratioText, MIN_CONTRAST } from '../../client/contrast';
import type { Bubbles } from '../../client/settings';
import { useT } from '../../i18n';
import { AlertIcon, CheckCircleIcon } from '../../shared/icons';
import { fixBubbles, readable } from '../../shared/schemes';
import { ColourField } from './controls';

const SAVE_MS = 500;

function Pair({ text, ratio, testId }: { text: string; ratio: number; testId: string }) {
  const t = useT();
  const ok = ratio >= MIN_CONTRAST;
  return (
    <p className={`flex items-center gap-1.5 text-sm ${ok ? 'text-muted' : 'font-medium text-danger'}`} data-testid={testId} data-ok={ok}>
      {ok ? <CheckCircleIcon size={16} className="shrink-0 text-online" /> : <AlertIcon size={16} className="shrink-0" />}
      <span>
        {text} — {ok ? t('settings.custom.pass') : t('settings.custom.fail')}
      </span>
    </p>
  );
}

export function SchemeEditor({ initial, onDraft }: { initial: Bubbles; onDraft: (b: Bubbles) => void }) {
  const t = useT();
  const store = useChatStore();
  const view = useSettingsView();
  const [draft, setDraft] = useState(initial);
  const refused = view.refused?.chatId === null && view.refused.path?.startsWith('appearance.bubbles') ? view.error : null;
  // The colours last sent: a change from another device replaces the draft; our own does not,
  // nor does a refusal (the colours refused stay, to be fixed).
  const sent = useRef<string>(JSON.stringify(initial));
  useEffect(() => {
    const now = JSON.stringify(initial);
    if (now !== sent.current && !refused) {
      sent.current = now;
      setDraft(initial);
    }
  }, [initial, refused]);
  useEffect(() => onDraft(draft), [draft, onDraft]);

  const change = (next: Bubbles, debounce = true) => {
    setDraft(next);
    sent.current = JSON.stringify(next);
    store.settings.changeSettings({ appearance: { scheme: 'custom', bubbles: next } }, debounce ? { debounceMs: SAVE_MS } : {});
  };
  const own = contrast(draft.own, draft.ownText);
  const other = contrast(draft.other, draft.otherText);

  return (
    <fieldset className="flex flex-col gap-3 rounded-xl border border-line bg-panel p-3" data-testid="scheme-editor">
      <legend className="px-1 text-sm font-semibold">{t('settings.custom.legend')}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        <ColourField label={t('settings.custom.own')} value={draft.own} onChange={(own) => change({ ...draft, own })} testId="colour-own" />
        <ColourField label={t('settings.custom.ownText')} value={draft.ownText} onChange={(ownText) => change({ ...draft, ownText })} testId="colour-own-text" />
        <ColourField label={t('settings.custom.other')} value={draft.other} onChange={(other) => change({ ...draft, other })} testId="colour-other" />
        <ColourField
          label={t('settings.custom.otherText')}
          value={draft.otherText}
          onChange={(otherText) => change({ ...draft, otherText })}
          testId="colour-other-text"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Pair text={t('settings.custom.ownPair', { ratio: ratioText(own) })} ratio={own} testId="contrast-own" />
        <Pair text={t('settings.custom.otherPair', { ratio: ratioText(other) })} ratio={other} testId="contrast-other" />
      </div>
      {refused && (
        <p role="alert" className="text-sm font-medium text-danger" data-testid="scheme-refused">
          {refused}
        </p>
      )}
      {(!readable(draft) || refused) && (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            onClick={() => change(fixBubbles(draft), false)}
            className="h-11 rounded-xl bg-accent px-5 text-sm font-semibold text-on-accent hover:bg-accent-strong"
            data-testid="scheme-fix"
          >
            {t('settings.custom.fix')}
          </button>
          <p className="min-w-0 flex-1 text-sm text-muted">{t('settings.custom.fixHint')}</p>
        </div>
      )}
    </fieldset>
  );
}

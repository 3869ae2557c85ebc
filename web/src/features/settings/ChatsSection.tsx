// Settings › Chats: whether Enter sends (else it adds a line and Ctrl/Cmd+Enter sends) and the
// time format (the language's own, 12-hour or 24-hour, each shown with an example).
import { useChatStore, usePreferences } from '../../app/store-context';
import { TIME_FORMATS } from '../../client/settings';
import { useLocale, useT } from '../../i18n';
import { Switch } from '../../shared/Switch';
import { ChoiceCards, PartTitle } from './controls';

/** 13:05 on some day, as a format writes it. */
function example(locale: string, format: (typeof TIME_FORMATS)[number]): string {
  const at = new Date(2025, 0, 6, 13, 5);
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...(format === 'auto' ? {} : { hour12: format === '12h' }) }).format(at);
}

export function ChatsSection() {
  const t = useT();
  const locale = useLocale();
  const store = useChatStore();
  const prefs = usePreferences();
  return (
    <div className="flex flex-col gap-5">
      <PartTitle first>{t('settings.section.chats')}</PartTitle>
      <Switch
        label={t('settings.enterToSend.label')}
        description={t('settings.enterToSend.description')}
        checked={prefs.enterToSend}
        onChange={(on) => store.settings.set(['chats', 'enterToSend'], on)}
        testId="enter-to-send"
      />
      <ChoiceCards
        legend={t('settings.timeFormat.legend')}
        value={prefs.timeFormat}
        choices={TIME_FORMATS.map((f) => ({ value: f, label: t(`settings.timeFormat.${f}`, { example: example(locale, f) }) }))}
        onChange={(v) => store.settings.set(['chats', 'timeFormat'], v)}
        columns="grid-cols-1 sm:grid-cols-3"
        layout="row"
        testId="time-format-choices"
      />
    </div>
  );
}

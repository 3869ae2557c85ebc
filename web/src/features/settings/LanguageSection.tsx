// Settings › Language: automatic (the browser's, named) or one of the languages the interface is
// translated into, each named in itself. The page changes language at once.
import { useChatStore, usePreferences } from '../../app/store-context';
import { LANGUAGES, resolveLocale, useT } from '../../i18n';
import { ChoiceCards, PartTitle } from './controls';

export function LanguageSection() {
  const t = useT();
  const store = useChatStore();
  const prefs = usePreferences();
  const browser = resolveLocale('auto');
  const browserName = LANGUAGES.find((l) => l.code === browser)?.name ?? browser;
  const chosen = prefs.locale === 'auto' ? 'auto' : (LANGUAGES.find((l) => l.code === resolveLocale(prefs.locale, []))?.code ?? 'auto');
  return (
    <div className="flex flex-col gap-5">
      <PartTitle first>{t('settings.language.legend')}</PartTitle>
      <ChoiceCards
        legend={t('settings.language.legend')}
        hideLegend
        value={chosen}
        choices={[
          { value: 'auto', label: t('settings.language.auto', { language: browserName }), hint: t('settings.language.autoHint') },
          ...LANGUAGES.map((l) => ({ value: l.code, label: l.name, lang: l.code })),
        ]}
        onChange={(v) => store.settings.set(['language', 'locale'], v)}
        columns="grid-cols-1 sm:grid-cols-2"
        layout="row"
        testId="language-choices"
      />
    </div>
  );
}

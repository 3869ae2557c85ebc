// The names of the settings' choices in the person's language: themes, schemes, backgrounds,
// sounds, text sizes. A name this client has no words for (a preset of a newer one) is shown as
// it is.
import { t, type MessageKey } from '../../i18n';

function named(prefix: string, id: string): string {
  const key = `${prefix}.${id}`;
  const text = t(key as MessageKey);
  return text === key ? id : text;
}

export const themeLabel = (id: string) => named('settings.theme', id);
export const themeHint = (id: string) => named('settings.theme', `${id}.hint`);
export const schemeLabel = (id: string) => named('settings.scheme', id);
export const backgroundLabel = (id: string) => named('settings.background', id);
export const soundLabel = (id: string) => named('settings.sound', id);
export const fontSizeLabel = (id: string) => named('settings.fontSize', id);

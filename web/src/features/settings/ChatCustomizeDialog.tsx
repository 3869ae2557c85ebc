// One chat's own background and sound (from the chat header's menu): "Use default" or a
// background of its own (BackgroundPicker, shown behind this chat's messages at once), the sound
// of its new messages ("Default: Chime", another, or none) with a button that plays it, and a
// switch that silences the chat. Saved as they change, for all the person's devices; the line at
// the bottom says how saving goes, or the refusal in words.
import { useChatSettings, useChatStore, usePreferences, useSettingsView } from '../../app/store-context';
import { NO_SOUND, type Background } from '../../client/settings';
import { useT } from '../../i18n';
import { baseOf } from '../../shared/appearance';
import { Modal } from '../../shared/Modal';
import { SOUNDS_FOR } from '../../shared/sounds';
import { Switch } from '../../shared/Switch';
import { BackgroundPicker } from './BackgroundPicker';
import { soundLabel } from './labels';
import { SoundChoice } from './SoundsSettings';
import { useSystemDark } from './useSystemDark';

const DEFAULT = '';

export function ChatCustomizeDialog({ chatId, title, onClose }: { chatId: string; title: string; onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const prefs = usePreferences();
  const chat = useChatSettings(chatId);
  const view = useSettingsView();
  const base = baseOf(prefs, useSystemDark());
  const status = view.save === 'saving' ? t('settings.status.saving') : view.save === 'saved' ? t('settings.status.saved') : view.save === 'waiting' ? t('settings.status.waiting') : '';
  const refused = view.save === 'failed' && view.refused?.chatId === chatId ? view.error : null;

  return (
    <Modal title={`${t('settings.chat.title')} · ${title}`} onClose={onClose} testId="chat-customize-dialog">
      <div className="scrollbar-thin flex max-h-[calc(100dvh-11rem)] flex-col gap-5 overflow-y-auto px-5 py-4">
        <BackgroundPicker
          legend={t('settings.chat.backgroundLegend')}
          value={chat?.background}
          onChange={(bg: Background | undefined, o) => store.settings.setChat(chatId, ['background'], bg, o ?? {})}
          base={base}
          defaultChoice={{ label: t('settings.chat.useDefault'), background: prefs.background }}
          columns="grid-cols-3"
          testId="chat-background"
        />
        <div className="flex flex-col gap-4 border-t border-line pt-4">
          <SoundChoice
            label={t('settings.chat.soundLabel')}
            value={chat?.sounds?.message ?? DEFAULT}
            options={[DEFAULT, ...SOUNDS_FOR.message, NO_SOUND]}
            optionLabel={(name) => (name === DEFAULT ? t('settings.chat.soundDefault', { sound: soundLabel(prefs.sounds.message) }) : soundLabel(name))}
            volume={prefs.sounds.volume}
            fallback={prefs.sounds.message}
            onChange={(name) => store.settings.setChat(chatId, ['sounds', 'message'], name === DEFAULT ? undefined : name)}
            testId="chat-sound"
          />
          <Switch
            label={t('settings.chat.mute.label')}
            description={t('settings.chat.mute.description')}
            checked={chat?.sounds?.muted ?? false}
            onChange={(on) => store.settings.setChat(chatId, ['sounds', 'muted'], on ? true : undefined)}
            testId="chat-sound-muted"
          />
        </div>
      </div>
      <div className="flex min-h-14 items-center gap-3 border-t border-line px-5 py-2">
        <div className="min-w-0 flex-1 text-sm">
          <p role="status" className="text-muted" data-testid="chat-customize-status">
            {status}
          </p>
          {refused && (
            <p role="alert" className="text-danger">
              {refused}
            </p>
          )}
        </div>
        <button type="button" onClick={onClose} className="h-11 shrink-0 rounded-xl px-4 text-sm font-medium hover:bg-hover">
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

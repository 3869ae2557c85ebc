// The sounds, for all the person's devices: mute them all, the volume, and the sound of each
// kind of alert (a new message, a mention, a call), each with a button that plays it at the
// volume chosen. Saved as they change (the volume a moment after the slider stops).
import { useId } from 'react';

import { useChatStore, usePreferences } from '../../app/store-context';
import { NO_SOUND, SOUND_KINDS, VOLUME_MAX, type SoundKind } from '../../client/settings';
import { useT } from '../../i18n';
import { playSound, SOUNDS_FOR } from '../../shared/sounds';
import { Switch } from '../../shared/Switch';
import { Slider } from './controls';
import { soundLabel } from './labels';

const VOLUME_SAVE_MS = 400;

const SELECT =
  'h-11 min-w-0 flex-1 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';

/** A sound's choice: a select of the names offered, and a button that plays the one chosen. */
export function SoundChoice({
  label,
  value,
  options,
  optionLabel = soundLabel,
  volume,
  fallback = '',
  onChange,
  testId,
}: {
  label: string;
  /** '' stands for `fallback` (a chat's "Default"). */
  value: string;
  options: readonly string[];
  optionLabel?: (name: string) => string;
  volume: number;
  fallback?: string;
  onChange: (name: string) => void;
  testId?: string;
}) {
  const t = useT();
  const id = useId();
  const sound = value === '' ? fallback : value;
  const playable = sound !== NO_SOUND && sound !== '';
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={SELECT} data-testid={testId}>
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!playable}
          onClick={() => playSound(sound, Math.max(volume, 1))}
          aria-label={t('settings.sounds.play', { sound: soundLabel(sound) })}
          title={t('settings.sounds.play', { sound: soundLabel(sound) })}
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full border border-line bg-panel text-accent hover:bg-hover disabled:opacity-50"
          data-testid={testId ? `${testId}-play` : undefined}
        >
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="currentColor">
            <path d="M8 5.5v13l10.5-6.5L8 5.5Z" />
          </svg>
        </button>
      </div>
    </div>
  );
}

export function SoundsSettings() {
  const t = useT();
  const store = useChatStore();
  const prefs = usePreferences();
  const s = prefs.sounds;
  const kindLabel: Record<SoundKind, string> = {
    message: t('settings.sounds.message'),
    mention: t('settings.sounds.mention'),
    call: t('settings.sounds.call'),
  };
  return (
    <div className="flex flex-col gap-4" data-testid="sounds-settings">
      <Switch
        label={t('settings.sounds.muted.label')}
        description={t('settings.sounds.muted.description')}
        checked={s.muted}
        onChange={(on) => store.settings.set(['sounds', 'muted'], on)}
        testId="sounds-muted"
      />
      <Slider
        label={t('settings.sounds.volume')}
        value={s.volume}
        min={0}
        max={VOLUME_MAX}
        valueText={`${s.volume}%`}
        onChange={(v) => store.settings.set(['sounds', 'volume'], v, { debounceMs: VOLUME_SAVE_MS })}
        testId="sounds-volume"
      />
      <div className="grid gap-3 sm:grid-cols-3">
        {SOUND_KINDS.map((kind) => (
          <SoundChoice
            key={kind}
            label={kindLabel[kind]}
            value={s[kind]}
            options={[...SOUNDS_FOR[kind], NO_SOUND]}
            volume={s.volume}
            onChange={(name) => store.settings.set(['sounds', kind], name)}
            testId={`sound-${kind}`}
          />
        ))}
      </div>
      <p className="text-sm text-muted">{t('settings.sounds.note')}</p>
    </div>
  );
}

// The picker as the pickers open it: loaded on first use (a separate chunk, so the app's own
// bundle does not carry emoji-mart), "Loading emoji…" meanwhile, and in words, with a way to try
// again, when it cannot be loaded (offline, or the server was updated meanwhile).
import { useT } from '../../i18n';
import { useEffect, useState } from 'react';

type PickerModule = typeof import('./EmojiPicker');

/** Loaded once per page; a failure is forgotten, so trying again asks again. */
let loaded: Promise<PickerModule> | null = null;
function loadPicker(): Promise<PickerModule> {
  loaded ??= import('./EmojiPicker').catch((err: unknown) => {
    loaded = null;
    throw err;
  });
  return loaded;
}

export function PickerBody({ chatId, onPick, fill }: { chatId: string | null; onPick: (emoji: string) => void; fill: boolean }) {
  const t = useT();
  const [mod, setMod] = useState<PickerModule | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loadPicker().then(
      (m) => {
        if (live) setMod(m);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (mod) return <mod.EmojiPicker chatId={chatId} onPick={onPick} fill={fill} />;
  if (failed) {
    return (
      <div className="flex w-80 max-w-full flex-col items-center gap-3 p-6 text-center" role="alert">
        <p className="text-sm">{t('reactions.loadEmojiFailed')}</p>
        <button
          type="button"
          onClick={() => {
            setFailed(false);
            setAttempt((a) => a + 1);
          }}
          className="h-11 rounded-xl bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong"
        >
          {t('common.tryAgain')}
        </button>
      </div>
    );
  }
  return (
    <p className="w-80 max-w-full p-6 text-center text-sm text-muted" role="status">
      {t('reactions.loadingEmoji')}
    </p>
  );
}

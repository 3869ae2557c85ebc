// The message box's microphone (shown while the box is empty, where the browser can record):
//  - hold it to record, release to stop, slide left to cancel (pointer events: mouse, pen or
//    touch alike);
//  - or tap it (or press Enter or Space on it) to record hands-free, with Stop and Cancel;
// then a preview: play it back, delete it or send it. While recording, a timer and the live
// level; the microphone refused is said in words (a toast).
import { useT } from '../../i18n';
import { useRef, useState, type PointerEvent } from 'react';

import { useChatStore } from '../../app/store-context';
import { formatDuration } from '../../client/files';
import { TrashIcon, SendIcon } from '../../shared/icons';
import { MicIcon, StopIcon } from './icons';
import { canRecord, useRecorder } from './useRecorder';
import { VoiceControls } from './VoicePlayer';

/** A press longer than this is a hold (release stops); shorter, a tap (hands-free). */
const HOLD_MS = 350;
/** Sliding this far left while holding cancels. */
const CANCEL_PX = 90;

const ROUND = 'inline-flex size-11 shrink-0 items-center justify-center rounded-full';

function LevelBars({ levels }: { levels: readonly number[] }) {
  const bars = [...Array.from({ length: Math.max(0, 40 - levels.length) }, () => 0), ...levels];
  return (
    <span className="flex h-6 min-w-0 flex-1 items-center gap-px overflow-hidden" aria-hidden="true">
      {bars.map((v, i) => (
        <span key={i} className="min-w-0.5 flex-1 rounded-full bg-accent/70" style={{ height: `${Math.max(10, v)}%` }} />
      ))}
    </span>
  );
}

export function VoiceRecorder({ chatId, onDone }: { chatId: string; onDone: () => void }) {
  const t = useT();
  const store = useChatStore();
  const { state, levels, elapsed, start, stop, discard } = useRecorder((text) => store.showToast(text));
  const [mode, setMode] = useState<'hold' | 'free'>('free');
  const [slide, setSlide] = useState(0);
  const press = useRef<{ at: number; x: number; pointer: number } | null>(null);
  /** The click that follows a pointer press is not a second toggle. */
  const fromPointer = useRef(false);

  if (!canRecord()) return null;
  const recording = state.phase === 'recording' || state.phase === 'starting';

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    fromPointer.current = true;
    if (recording) return; // hands-free: the click stops it
    e.currentTarget.setPointerCapture(e.pointerId);
    press.current = { at: Date.now(), x: e.clientX, pointer: e.pointerId };
    setMode('hold');
    setSlide(0);
    void start();
  };

  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    const p = press.current;
    if (!p || p.pointer !== e.pointerId) return;
    const dx = Math.min(0, e.clientX - p.x);
    setSlide(dx);
    if (dx < -CANCEL_PX) {
      press.current = null;
      setSlide(0);
      stop(false);
    }
  };

  const onPointerUp = (e: PointerEvent<HTMLButtonElement>) => {
    const p = press.current;
    if (!p || p.pointer !== e.pointerId) return;
    press.current = null;
    setSlide(0);
    if (Date.now() - p.at >= HOLD_MS) stop(true);
    else setMode('free'); // a tap: goes on hands-free
  };

  const onClick = () => {
    if (fromPointer.current) {
      fromPointer.current = false;
      return;
    }
    // The keyboard (or a click without a pointer press): hands-free.
    if (recording) stop(true);
    else {
      setMode('free');
      void start();
    }
  };

  const send = () => {
    if (state.phase !== 'preview') return;
    store.files.sendVoice(chatId, state.blob, state.duration);
    discard();
    onDone();
  };

  return (
    <>
      {recording && (
        <div
          className={`absolute inset-y-0 start-0 z-10 flex items-center gap-3 rounded-2xl bg-panel ps-2 ${mode === 'hold' ? 'end-13' : 'end-0'}`}
          data-testid="voice-recording"
          role="status"
          aria-label={t('files.record.recording', { time: formatDuration(elapsed) })}
        >
          <span className="size-2.5 shrink-0 animate-pulse rounded-full bg-danger" aria-hidden="true" />
          <span className="w-12 shrink-0 text-sm tabular-nums" data-testid="voice-timer" aria-hidden="true">
            {formatDuration(elapsed)}
          </span>
          <LevelBars levels={levels} />
          {mode === 'hold' ? (
            <span className="relative shrink-0 bg-panel ps-2 pe-2 text-sm text-muted" style={{ transform: `translateX(${slide}px)` }}>
              {t('files.record.slide')}
            </span>
          ) : (
            <>
              <button type="button" className={`${ROUND} text-danger hover:bg-danger-soft`} onClick={() => stop(false)} aria-label={t('files.record.cancel')}>
                <TrashIcon size={20} />
              </button>
              <button type="button" className={`${ROUND} bg-danger text-white`} onClick={() => stop(true)} aria-label={t('files.record.stop')} data-testid="voice-stop" autoFocus>
                <StopIcon size={18} />
              </button>
            </>
          )}
        </div>
      )}
      {state.phase === 'preview' && (
        <div className="absolute inset-0 z-10 flex items-center gap-2 rounded-2xl bg-panel" data-testid="voice-preview">
          <button
            type="button"
            className={`${ROUND} text-danger hover:bg-danger-soft`}
            onClick={() => {
              discard();
              onDone();
            }}
            aria-label={t('files.record.delete')}
          >
            <TrashIcon size={20} />
          </button>
          <div className="min-w-0 flex-1 rounded-2xl bg-panel-2 px-2 py-1 text-fg">
            <VoiceControls src={state.url} duration={state.duration} waveform={state.waveform} label={t('files.record.yours')} className="w-full" />
          </div>
          <button type="button" className={`${ROUND} bg-accent text-on-accent hover:bg-accent-strong`} onClick={send} aria-label={t('files.record.send')} data-testid="voice-send" autoFocus>
            <SendIcon size={20} />
          </button>
        </div>
      )}
      {state.phase !== 'preview' && (
      <button
        type="button"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          press.current = null;
          stop(false);
        }}
        onClick={onClick}
        onContextMenu={(e) => e.preventDefault()}
        aria-label={recording ? t('files.record.stop') : t('files.record.start')}
        aria-pressed={recording}
        title={t('files.record.hint')}
        className={`${ROUND} relative z-20 touch-none select-none ${
          recording ? 'scale-110 bg-danger text-white' : 'bg-accent text-on-accent hover:bg-accent-strong'
        } ${recording && mode === 'free' ? 'invisible' : ''}`}
        data-testid="voice-record"
      >
        <MicIcon size={22} />
      </button>
      )}
    </>
  );
}

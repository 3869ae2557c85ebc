// A voice message: play/pause, its waveform as a seek bar (role="slider": a click or a drag
// seeks, the arrow keys move by a second, Page Up/Down by five, Home and End to the ends), the
// time played and the length, and the speed (1×, 1.5×, 2×). One voice message plays at a
// time. The same controls play a recording back before it is sent (VoiceRecorder).
import { useT } from '../../i18n';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

import { formatDuration, spokenDuration } from '../../client/files';
import type { Attachment } from '../../client/files-wire';
import { PauseIcon, PlayIcon } from './icons';
import { useLink } from './useLinks';

const SPEEDS = [1, 1.5, 2] as const;
/** The one playing now: another that starts pauses it. */
let playingNow: HTMLAudioElement | null = null;

/** The waveform's bars (64 heights 0..100); `played`: the fraction played, drawn in the accent. */
function Bars({ values, played }: { values: readonly number[]; played: number }) {
  const bars = values.length > 0 ? values : Array.from({ length: 48 }, () => 12);
  return (
    <span className="flex h-8 w-full items-center" aria-hidden="true">
      {/* Each bar is a share of the width (no gaps to add up), however narrow the bubble. */}
      {bars.map((v, i) => (
        <span key={i} className="flex h-full min-w-0 flex-1 items-center justify-center">
          <span
            className={`w-[60%] max-w-1 rounded-full ${(i + 0.5) / bars.length <= played ? 'bg-accent' : 'bg-current opacity-35'}`}
            style={{ height: `${Math.max(12, Math.min(100, v))}%` }}
          />
        </span>
      ))}
    </span>
  );
}

export function VoiceControls({
  src,
  duration: known,
  waveform,
  label,
  tabIndex = 0,
  className = 'w-[min(18rem,calc(100vw-10rem))]',
}: {
  src: string | undefined;
  /** Seconds, when known before the audio's metadata loads. */
  duration?: number;
  waveform: readonly number[];
  /** What it is, for screen readers ("Voice message from Ada"). */
  label: string;
  tabIndex?: number;
  /** Its width (the bubble's by default). */
  className?: string;
}) {
  const t = useT();
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const [loaded, setLoaded] = useState<number | null>(null);
  const duration = known && known > 0 ? known : (loaded ?? 0);
  const played = duration > 0 ? Math.min(1, time / duration) : 0;

  useEffect(() => {
    const a = audio.current;
    return () => {
      a?.pause();
      if (playingNow === a) playingNow = null;
    };
  }, []);

  const toggle = () => {
    const a = audio.current;
    if (!a || !src) return;
    if (!a.paused) {
      a.pause();
      return;
    }
    if (playingNow && playingNow !== a) playingNow.pause();
    playingNow = a;
    a.playbackRate = speed;
    void a.play().catch(() => setPlaying(false));
  };

  const seek = (t: number) => {
    const a = audio.current;
    const to = Math.max(0, Math.min(duration, t));
    if (a && Number.isFinite(to)) a.currentTime = to;
    setTime(to);
  };

  const seekAt = (e: PointerEvent<HTMLElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    seek(((e.clientX - r.left) / Math.max(1, r.width)) * duration);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -5, PageUp: 5 };
    if (e.key in step) seek(time + (step[e.key] ?? 0));
    else if (e.key === 'Home') seek(0);
    else if (e.key === 'End') seek(duration);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const nextSpeed = SPEEDS[(SPEEDS.indexOf(speed) + 1) % SPEEDS.length] ?? 1;
  return (
    <div className={`flex items-center gap-2.5 ${className}`} data-testid="voice-player" onClick={(e) => e.stopPropagation()}>
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => {
          setPlaying(false);
          setTime(0);
        }}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => {
          const d = e.currentTarget.duration;
          if (Number.isFinite(d)) setLoaded(d);
        }}
        onRateChange={(e) => e.currentTarget.playbackRate !== speed && (e.currentTarget.playbackRate = speed)}
      />
      <button
        type="button"
        onClick={toggle}
        onKeyDown={(e) => e.stopPropagation()}
        disabled={!src}
        tabIndex={tabIndex}
        aria-label={playing ? t('files.voice.pause', { label }) : t('files.voice.play', { label })}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-accent text-on-accent hover:bg-accent-strong disabled:opacity-60"
        data-testid="voice-play"
        data-playing={playing ? 'true' : undefined}
      >
        {playing ? <PauseIcon size={20} /> : <PlayIcon size={20} />}
      </button>
      <div className="min-w-0 flex-1">
        <div
          role="slider"
          tabIndex={tabIndex}
          aria-label={t('files.voice.position', { label })}
          aria-valuemin={0}
          aria-valuemax={Math.round(duration)}
          aria-valuenow={Math.round(time)}
          aria-valuetext={t('files.voice.positionValue', { time: spokenDuration(time), duration: spokenDuration(duration) })}
          onKeyDown={onKeyDown}
          onPointerDown={(e) => {
            e.stopPropagation();
            e.currentTarget.setPointerCapture(e.pointerId);
            seekAt(e);
          }}
          onPointerMove={(e) => {
            if (e.currentTarget.hasPointerCapture(e.pointerId)) seekAt(e);
          }}
          className="cursor-pointer touch-none rounded-md py-1"
          data-testid="waveform"
          data-bars={waveform.length}
        >
          <Bars values={waveform} played={played} />
        </div>
        <div className="flex items-center justify-between text-[11px] opacity-80">
          <span data-testid="voice-time">
            {formatDuration(time)} / {formatDuration(duration)}
          </span>
        </div>
      </div>
      <button
        type="button"
        onClick={() => {
          setSpeed(nextSpeed);
          if (audio.current) audio.current.playbackRate = nextSpeed;
        }}
        onKeyDown={(e) => e.stopPropagation()}
        tabIndex={tabIndex}
        aria-label={t('files.voice.speed', { speed, next: nextSpeed })}
        className="inline-flex h-7 min-w-10 shrink-0 items-center justify-center rounded-full border border-current/30 px-1.5 text-xs font-semibold opacity-85 hover:opacity-100"
        data-testid="voice-speed"
      >
        {speed}×
      </button>
    </div>
  );
}

/** A voice message in a bubble: its signed URL, length and the server's waveform. */
export function VoicePlayer({ file, label, tabIndex }: { file: Attachment; label: string; tabIndex: number }) {
  const t = useT();
  const { link, denied } = useLink(file.id);
  if (denied) return <p className="text-sm italic opacity-80">{t('files.voice.gone')}</p>;
  return <VoiceControls src={link?.url} duration={file.duration} waveform={file.waveform ?? []} label={label} tabIndex={tabIndex} />;
}

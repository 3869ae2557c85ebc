// Recording a voice message with MediaRecorder (Opus in WebM or Ogg, whichever the browser
// records): the microphone asked for when recording starts, its level sampled ten times a
// second (the live bars, and the waveform of the preview), the time, and the recording kept
// for a preview before it is sent, or thrown away. Where the browser cannot record, canRecord()
// is false and the microphone button is not shown.
import { t } from '../../i18n';
import { useCallback, useEffect, useRef, useState } from 'react';

export type Recording =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'recording'; startedAt: number }
  | { phase: 'preview'; blob: Blob; url: string; duration: number; waveform: number[] };

/** The longest recording: it stops by itself then. */
const MAX_SECONDS = 15 * 60;
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4'];

export function canRecord(): boolean {
  return typeof window !== 'undefined' && typeof window.MediaRecorder === 'function' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

function recorderType(): string {
  return TYPES.find((t) => MediaRecorder.isTypeSupported?.(t)) ?? '';
}

/** Why the microphone could not be used, in words a person can act on. */
export function microphoneError(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return t('files.mic.denied');
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return t('files.mic.missing');
  if (name === 'NotReadableError') return t('files.mic.busy');
  return err instanceof Error && err.message ? t('files.mic.failedSaid', { error: err.message }) : t('files.mic.failed');
}

/** `levels` (one per 100 ms) as `n` bars, each the loudest of its stretch, the loudest of all 100. */
export function waveformOf(levels: readonly number[], n = 64): number[] {
  if (levels.length === 0) return [];
  const peak = Math.max(...levels);
  if (peak <= 0) return levels.map(() => 0).slice(0, n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * levels.length) / n);
    const to = Math.max(from + 1, Math.floor(((i + 1) * levels.length) / n));
    let max = 0;
    for (let j = from; j < to && j < levels.length; j++) max = Math.max(max, levels[j] ?? 0);
    out.push(Math.round((max / peak) * 100));
  }
  return out;
}

export function useRecorder(onError: (message: string) => void) {
  const [state, setState] = useState<Recording>({ phase: 'idle' });
  const [levels, setLevels] = useState<number[]>([]);
  const [elapsed, setElapsed] = useState(0);
  const parts = useRef<{ recorder: MediaRecorder; stream: MediaStream; audio: AudioContext | null; timer: ReturnType<typeof setInterval>; keep: boolean; all: number[] } | null>(null);
  const previewUrl = useRef<string | null>(null);
  const wanted = useRef(true);

  const release = useCallback(() => {
    const p = parts.current;
    parts.current = null;
    if (!p) return;
    clearInterval(p.timer);
    for (const t of p.stream.getTracks()) t.stop();
    void p.audio?.close().catch(() => undefined);
  }, []);

  const discard = useCallback(() => {
    if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    previewUrl.current = null;
    setState({ phase: 'idle' });
  }, []);

  /** Stops recording: `keep` shows the preview, else it is thrown away. */
  const stop = useCallback(
    (keep: boolean) => {
      wanted.current = false;
      const p = parts.current;
      if (!p) {
        setState((s) => (s.phase === 'starting' || s.phase === 'recording' ? { phase: 'idle' } : s));
        return;
      }
      p.keep = keep;
      if (p.recorder.state !== 'inactive') p.recorder.stop();
      else release();
    },
    [release],
  );

  const start = useCallback(async () => {
    wanted.current = true;
    setState({ phase: 'starting' });
    setLevels([]);
    setElapsed(0);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      setState({ phase: 'idle' });
      onError(microphoneError(err));
      return;
    }
    // Released before the microphone answered (a short press, or cancelled).
    if (!wanted.current) {
      for (const t of stream.getTracks()) t.stop();
      setState({ phase: 'idle' });
      return;
    }
    const type = recorderType();
    const recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
    const chunks: Blob[] = [];
    let audio: AudioContext | null = null;
    let analyser: AnalyserNode | null = null;
    try {
      audio = new AudioContext();
      analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(stream).connect(analyser);
    } catch {
      audio = null; // no levels: the bars stay flat
    }
    const buf = new Uint8Array(512);
    const startedAt = Date.now();
    const timer = setInterval(() => {
      const seconds = (Date.now() - startedAt) / 1000;
      setElapsed(seconds);
      let level = 0;
      if (analyser) {
        analyser.getByteTimeDomainData(buf);
        let sum = 0;
        for (const v of buf) sum += ((v - 128) / 128) ** 2;
        level = Math.min(100, Math.sqrt(sum / buf.length) * 400);
      }
      parts.current?.all.push(level);
      setLevels((l) => [...l.slice(-39), level]);
      if (seconds >= MAX_SECONDS) stop(true);
    }, 100);
    parts.current = { recorder, stream, audio, timer, keep: true, all: [] };
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    recorder.onstop = () => {
      const p = parts.current;
      const keep = p?.keep ?? false;
      const all = p?.all ?? [];
      release();
      const duration = (Date.now() - startedAt) / 1000;
      const blob = new Blob(chunks, { type: recorder.mimeType || type || 'audio/webm' });
      if (!keep || blob.size === 0 || duration < 0.5) {
        setState({ phase: 'idle' });
        return;
      }
      const url = URL.createObjectURL(blob);
      previewUrl.current = url;
      setState({ phase: 'preview', blob, url, duration, waveform: waveformOf(all) });
    };
    recorder.start(250);
    setState({ phase: 'recording', startedAt });
  }, [onError, release, stop]);

  // Leaving (another chat, the page) stops the microphone and forgets the recording.
  useEffect(
    () => () => {
      const p = parts.current;
      if (p) {
        p.keep = false;
        if (p.recorder.state !== 'inactive') p.recorder.stop();
      }
      release();
      if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    },
    [release],
  );

  return { state, levels, elapsed, start, stop, discard };
}

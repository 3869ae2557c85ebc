// The chime for a new message: a short falling tone made with Web Audio (no sound file), at
// most one a second however many messages arrive together. Silent where the browser has no
// audio or will not play it yet (before the person touched the page).
const MIN_GAP_MS = 1000;

let context: AudioContext | null = null;
let last = -Infinity;

export function chime(now: number = Date.now()): void {
  if (now - last < MIN_GAP_MS || typeof AudioContext === 'undefined') return;
  last = now;
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume().catch(() => {});
    const t = ctx.currentTime;
    const tone = ctx.createOscillator();
    const volume = ctx.createGain();
    tone.type = 'sine';
    tone.frequency.setValueAtTime(880, t);
    tone.frequency.exponentialRampToValueAtTime(660, t + 0.15);
    volume.gain.setValueAtTime(0.0001, t);
    volume.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    tone.connect(volume).connect(ctx.destination);
    tone.start(t);
    tone.stop(t + 0.32);
  } catch {
    // No audio here: the notification and the counts still say it.
  }
}

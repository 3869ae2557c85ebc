// Parley's sounds: a few short alerts and a ring for calls, each a recipe of tones synthesised
// with Web Audio when it plays (no sound files; the recipes are Parley's own work, CC0 — see
// web/SOUNDS.md). playSound() plays one at a volume (0..100, heard roughly as a proportion: the
// gain follows its square) and tells the page with a `parley:sound` event on window ({name,
// volume}), which tests listen to. Silent where the browser has no audio or will not play it yet
// (before the person touched the page); the event is sent anyway.

/** The alerts, in the order the settings list them, then the ring. */
export const SOUND_NAMES = ['chime', 'pop', 'ding', 'marimba', 'soft-bell', 'droplet', 'ring'] as const;
export type SoundName = (typeof SOUND_NAMES)[number];

/** One tone of a recipe: a waveform from `freq` (gliding to `to`), starting at `at` seconds. */
interface Tone {
  wave: OscillatorType;
  freq: number;
  to?: number;
  at: number;
  /** Seconds to full loudness, then to silence. */
  attack: number;
  decay: number;
  /** Loudness at full volume (the tones of a recipe add up). */
  gain: number;
}

/** A bell's partials (inharmonic, as a struck bell's are), each fading on its own. */
function bell(freq: number, at: number, decay: number, gain: number): Tone[] {
  return [
    { wave: 'sine', freq, at, attack: 0.008, decay, gain },
    { wave: 'sine', freq: freq * 2.76, at, attack: 0.005, decay: decay * 0.45, gain: gain * 0.35 },
    { wave: 'sine', freq: freq * 5.4, at, attack: 0.003, decay: decay * 0.2, gain: gain * 0.15 },
  ];
}

/** A struck wooden bar: the fundamental and its fourth harmonic, which dies fast. */
function bar(freq: number, at: number): Tone[] {
  return [
    { wave: 'sine', freq, at, attack: 0.004, decay: 0.45, gain: 0.5 },
    { wave: 'sine', freq: freq * 4, at, attack: 0.002, decay: 0.07, gain: 0.18 },
  ];
}

export const RECIPES: Readonly<Record<SoundName, readonly Tone[]>> = {
  // Parley's first chime: a short falling tone.
  chime: [{ wave: 'sine', freq: 880, to: 660, at: 0, attack: 0.02, decay: 0.3, gain: 0.5 }],
  pop: [
    { wave: 'sine', freq: 620, to: 180, at: 0, attack: 0.004, decay: 0.09, gain: 0.7 },
    { wave: 'triangle', freq: 1240, to: 400, at: 0, attack: 0.002, decay: 0.04, gain: 0.15 },
  ],
  ding: bell(1318.5, 0, 0.9, 0.45),
  marimba: [...bar(1046.5, 0), ...bar(1318.5, 0.11), ...bar(1568, 0.22)],
  'soft-bell': [
    { wave: 'sine', freq: 784, at: 0, attack: 0.03, decay: 1.3, gain: 0.35 },
    { wave: 'sine', freq: 784 * 2.76, at: 0, attack: 0.03, decay: 0.5, gain: 0.08 },
    { wave: 'sine', freq: 1175, at: 0.18, attack: 0.03, decay: 1.1, gain: 0.22 },
  ],
  droplet: [
    { wave: 'sine', freq: 500, to: 1400, at: 0, attack: 0.006, decay: 0.12, gain: 0.55 },
    { wave: 'sine', freq: 900, to: 1800, at: 0.09, attack: 0.004, decay: 0.08, gain: 0.2 },
  ],
  // Two rising pairs of bell strikes: one ring of a call.
  ring: [...bell(659.3, 0, 0.5, 0.4), ...bell(880, 0.16, 0.6, 0.4), ...bell(659.3, 0.8, 0.5, 0.4), ...bell(880, 0.96, 0.7, 0.4)],
};

/** The sounds offered for each kind of alert (a call rings; messages and mentions get the short ones). */
export const SOUNDS_FOR = {
  message: SOUND_NAMES.filter((n) => n !== 'ring'),
  mention: SOUND_NAMES.filter((n) => n !== 'ring'),
  call: ['ring', 'marimba', 'soft-bell', 'ding'] as SoundName[],
} as const;

export function isSoundName(v: string): v is SoundName {
  return (SOUND_NAMES as readonly string[]).includes(v);
}

/** How long a recipe lasts, in seconds. */
export function duration(name: SoundName): number {
  return Math.max(...RECIPES[name].map((t) => t.at + t.attack + t.decay));
}

/** What `parley:sound` carries. */
export interface SoundEventDetail {
  name: string;
  volume: number;
}

export const SOUND_EVENT = 'parley:sound';

let context: AudioContext | null = null;

/**
 * Plays `name` (an unknown one: the chime) at `volume` 0..100. Tells the page first, so a page
 * without audio still says a sound was due.
 */
export function playSound(name: string, volume: number): void {
  const v = Math.min(100, Math.max(0, Math.round(volume)));
  if (typeof window !== 'undefined') {
    window.dispatchEvent(new CustomEvent<SoundEventDetail>(SOUND_EVENT, { detail: { name, volume: v } }));
  }
  if (v === 0 || typeof AudioContext === 'undefined') return;
  const recipe = RECIPES[isSoundName(name) ? name : 'chime'];
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume().catch(() => {});
    const level = (v / 100) ** 2;
    const master = ctx.createGain();
    master.gain.value = 0.6 * level;
    master.connect(ctx.destination);
    const t0 = ctx.currentTime + 0.01;
    for (const tone of recipe) {
      const osc = ctx.createOscillator();
      const env = ctx.createGain();
      const start = t0 + tone.at;
      const peak = start + tone.attack;
      const end = peak + tone.decay;
      osc.type = tone.wave;
      osc.frequency.setValueAtTime(tone.freq, start);
      if (tone.to) osc.frequency.exponentialRampToValueAtTime(tone.to, end);
      env.gain.setValueAtTime(0.0001, start);
      env.gain.exponentialRampToValueAtTime(Math.max(0.0002, tone.gain), peak);
      env.gain.exponentialRampToValueAtTime(0.0001, end);
      osc.connect(env).connect(master);
      osc.start(start);
      osc.stop(end + 0.02);
    }
  } catch {
    // No audio here: the notification and the counts still say it.
  }
}

/** A chat's alerts closer together than this play once (a burst of its messages is one sound). */
const MIN_GAP_MS = 1000;
const lastAlert = new Map<string, number>();

/**
 * Plays an alert for a new message of `chatId`, at most one a second per chat however many
 * arrive together (another chat's message still sounds: its sound may be its own).
 */
export function playAlert(sound: SoundEventDetail, chatId: string, now: number = Date.now()): void {
  if (now - (lastAlert.get(chatId) ?? -Infinity) < MIN_GAP_MS) return;
  lastAlert.set(chatId, now);
  if (lastAlert.size > 200) for (const [k, at] of lastAlert) if (now - at >= MIN_GAP_MS) lastAlert.delete(k);
  playSound(sound.name, sound.volume);
}

// Every keyboard shortcut of the client in one table: its keys, what it does (a catalogue key)
// and where it works. The handlers match keys through it (matchesShortcut) and the help dialog
// (`?`) lists it, so the two cannot disagree. No React here.
//
// Keys are matched as the person's keyboard writes them, not by their place on the keyboard:
// `?` is whatever key types "?" (Shift+/ on a US keyboard, Shift+, on a French one); a letter
// is the letter printed on the key (AZERTY's A where QWERTY has Q), and only on a layout that
// types no Latin letters (Russian, Greek, Hebrew…) the key in the letter's place counts. "Mod" is
// Cmd on Apple's systems and Ctrl elsewhere. A shortcut fires with exactly its modifiers (AltGr,
// which Windows reports as Ctrl+Alt, counts as none), never during an IME composition, and
// shortcuts of one key never while the person types in a field (isTypingTarget); those with
// Ctrl/Cmd or Alt that fields have no use for (inFields) do.
import type { MessageKey } from '../i18n';
import { t } from '../i18n';

export type Platform = 'apple' | 'other';

/** Where a shortcut works, the help dialog's sections in this order. */
export const SCOPES = ['global', 'chat', 'message', 'composer'] as const;
export type Scope = (typeof SCOPES)[number];

/** One way of pressing a shortcut. */
export interface Chord {
  /**
   * KeyboardEvent.key: a lower-case letter ('k'), a printed sign ('?', whose Shift is part of
   * it and not checked), or a named key ('Enter', 'Escape', 'ArrowUp', 'F10', 'ContextMenu').
   */
  key: string;
  /** Cmd on Apple's systems, Ctrl elsewhere. */
  mod?: boolean;
  alt?: boolean;
  shift?: boolean;
}

/** What the keys of some shortcuts depend on: the person's settings. */
export interface KeySettings {
  /** Enter sends (else Enter adds a line and Mod+Enter sends). */
  enterToSend: boolean;
}

export interface Shortcut {
  id: string;
  scope: Scope;
  /** What it does, in the catalogues. */
  description: MessageKey;
  /** The ways of pressing it, each shown in the help dialog. */
  keys: readonly Chord[] | ((s: KeySettings) => readonly Chord[]);
  /** It fires while the person types in a field: a chord fields do not use, or Escape. */
  inFields?: boolean;
}

const enter: Chord = { key: 'Enter' };
const modEnter: Chord = { key: 'Enter', mod: true };
const shiftEnter: Chord = { key: 'Enter', shift: true };

/**
 * The table, in the help dialog's order. The message box's own keys (Enter, Up, Esc, and
 * "insert a template") are typed in it, so they are the box's to handle.
 *
 * "Insert a template" is Mod+/: "/" is what opens the templates' list in the box, so the chord
 * is easy to remember; no browser takes Ctrl+/ or Cmd+/ (Ctrl+Shift+T/N/W/Q, Ctrl+Shift+I and
 * Ctrl+Shift+M are the browsers' own, and Ctrl+Shift+L is Edge's paste-and-go); a text area has
 * no use for it; and as a printed sign it is matched wherever the layout puts "/" (Shift+7 on a
 * German keyboard, Shift+: on a French one). Alt+letter is no choice: on a Mac Option+T types "†".
 */
export const SHORTCUTS = [
  { id: 'help', scope: 'global', description: 'keys.do.help', keys: [{ key: '?' }] },
  { id: 'switcher', scope: 'global', description: 'keys.do.switcher', keys: [{ key: 'k', mod: true }], inFields: true },
  { id: 'previousChat', scope: 'global', description: 'keys.do.previousChat', keys: [{ key: 'ArrowUp', alt: true }], inFields: true },
  { id: 'nextChat', scope: 'global', description: 'keys.do.nextChat', keys: [{ key: 'ArrowDown', alt: true }], inFields: true },
  {
    id: 'previousUnread',
    scope: 'global',
    description: 'keys.do.previousUnread',
    keys: [{ key: 'ArrowUp', alt: true, shift: true }],
    inFields: true,
  },
  {
    id: 'nextUnread',
    scope: 'global',
    description: 'keys.do.nextUnread',
    keys: [{ key: 'ArrowDown', alt: true, shift: true }],
    inFields: true,
  },
  { id: 'searchAll', scope: 'global', description: 'keys.do.searchAll', keys: [{ key: 'f', mod: true, shift: true }], inFields: true },
  { id: 'close', scope: 'global', description: 'keys.do.close', keys: [{ key: 'Escape' }], inFields: true },
  { id: 'searchChat', scope: 'chat', description: 'keys.do.searchChat', keys: [{ key: 'f', mod: true }], inFields: true },
  { id: 'messageMove', scope: 'message', description: 'keys.do.messageMove', keys: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }] },
  { id: 'messageEnds', scope: 'message', description: 'keys.do.messageEnds', keys: [{ key: 'Home' }, { key: 'End' }] },
  {
    id: 'messageMenu',
    scope: 'message',
    description: 'keys.do.messageMenu',
    keys: [enter, { key: ' ' }, { key: 'ContextMenu' }, { key: 'F10', shift: true }],
  },
  { id: 'reply', scope: 'message', description: 'keys.do.reply', keys: [{ key: 'r' }] },
  { id: 'edit', scope: 'message', description: 'keys.do.edit', keys: [{ key: 'e' }] },
  { id: 'thread', scope: 'message', description: 'keys.do.thread', keys: [{ key: 't' }] },
  { id: 'send', scope: 'composer', description: 'keys.do.send', keys: (s: KeySettings) => (s.enterToSend ? [enter, modEnter] : [modEnter]) },
  { id: 'newLine', scope: 'composer', description: 'keys.do.newLine', keys: (s: KeySettings) => (s.enterToSend ? [shiftEnter] : [enter, shiftEnter]) },
  { id: 'editLast', scope: 'composer', description: 'keys.do.editLast', keys: [{ key: 'ArrowUp' }] },
  { id: 'cancel', scope: 'composer', description: 'keys.do.cancel', keys: [{ key: 'Escape' }] },
  { id: 'insertTemplate', scope: 'composer', description: 'keys.do.insertTemplate', keys: [{ key: '/', mod: true }], inFields: true },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];

const BY_ID = new Map<string, Shortcut>(SHORTCUTS.map((s) => [s.id, s]));

export function shortcut(id: ShortcutId): Shortcut {
  return BY_ID.get(id)!;
}

const DEFAULT_SETTINGS: KeySettings = { enterToSend: true };

/** A shortcut's chords under these settings. */
export function chordsOf(s: Shortcut, settings: KeySettings = DEFAULT_SETTINGS): readonly Chord[] {
  return typeof s.keys === 'function' ? s.keys(settings) : s.keys;
}

/** This device's platform: Apple's (macOS, iOS, iPadOS) or another. */
export function currentPlatform(): Platform {
  if (typeof navigator === 'undefined') return 'other';
  const ua = navigator as Navigator & { userAgentData?: { platform?: string } };
  const name = ua.userAgentData?.platform || navigator.platform || navigator.userAgent || '';
  return /mac|iphone|ipad|ipod/i.test(name) ? 'apple' : 'other';
}

/** What matching needs of a keyboard event (a DOM KeyboardEvent has all of it). */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
  keyCode?: number;
  getModifierState?(key: string): boolean;
}

const LATIN_LETTER = /^[a-z]$/;
const ANY_LETTER = /^\p{L}$/u;

/** Whether `e` is an IME's composition (or the key that starts one), which no shortcut takes. */
export function isComposing(e: KeyLike): boolean {
  return e.isComposing === true || e.key === 'Process' || e.keyCode === 229;
}

/** The key `e` typed, as a chord names it: letters in lower case; on a non-Latin layout, the letter in its place. */
function keyOf(e: KeyLike): string {
  if ([...e.key].length !== 1) return e.key;
  const lower = e.key.toLowerCase();
  if (LATIN_LETTER.test(lower)) return lower;
  // A letter of another script (Cyrillic, Greek, Hebrew…): the Latin letter of the key's place.
  if (ANY_LETTER.test(lower) && /^Key[A-Z]$/.test(e.code ?? '')) return e.code!.slice(3).toLowerCase();
  return e.key;
}

/** Whether `e` is pressing `c` on `platform`. */
export function matchesChord(e: KeyLike, c: Chord, platform: Platform): boolean {
  if (isComposing(e)) return false;
  // Windows sends AltGr as Ctrl+Alt (with AltGraph set); Alt alone stays Alt (some engines
  // report Option or Alt as AltGraph too).
  const altGraph = e.ctrlKey && e.altKey && e.getModifierState?.('AltGraph') === true;
  const ctrl = e.ctrlKey && !altGraph;
  const alt = e.altKey && !altGraph;
  const mod = platform === 'apple' ? e.metaKey : ctrl;
  const other = platform === 'apple' ? ctrl : e.metaKey;
  if (mod !== (c.mod === true) || other || alt !== (c.alt === true)) return false;
  const key = keyOf(e);
  if (key !== c.key) return false;
  // A printed sign carries its own Shift ("?" is Shift+/ here, Shift+, there); letters and named keys do not.
  const sign = c.key.length === 1 && !LATIN_LETTER.test(c.key) && c.key !== ' ';
  return sign || e.shiftKey === (c.shift === true);
}

/** Whether `e` presses shortcut `id` (any of its chords). */
export function matchesShortcut(e: KeyLike, id: ShortcutId, platform: Platform = currentPlatform(), settings?: KeySettings): boolean {
  return chordsOf(shortcut(id), settings).some((c) => matchesChord(e, c, platform));
}

const NOT_TEXT = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'file', 'image', 'color', 'range', 'hidden']);

/**
 * Whether a key pressed in `target` may change what is written there: a text field, a text
 * area, a select, or anything editable. Shortcuts of one key leave those alone.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return !(el as HTMLTextAreaElement).disabled;
  if (tag === 'input') {
    const input = el as HTMLInputElement;
    return !NOT_TEXT.has((input.type || 'text').toLowerCase()) && !input.disabled && !input.readOnly;
  }
  // Engines without isContentEditable (happy-dom): the attribute, here or above.
  return typeof el.closest === 'function' && el.closest('[contenteditable]:not([contenteditable="false"])') !== null;
}

/**
 * Whether a shortcut of the app must leave `e` alone: already handled, part of a composition,
 * in a modal dialog or a menu (they keep their keys), or typed in a field when it is not a
 * shortcut that works there.
 */
export function leaveAlone(e: KeyLike & { defaultPrevented?: boolean; target?: EventTarget | null }, s: Shortcut): boolean {
  if (e.defaultPrevented || isComposing(e)) return true;
  const target = (e.target ?? null) as Element | null;
  if (typeof document !== 'undefined' && document.querySelector('dialog[open]')) return true;
  if (target?.closest?.('[role="menu"], [role="menubar"]')) return true;
  if (!s.inFields && isTypingTarget(target)) return true;
  // A select keeps its keys (Alt+Down opens its list) but Esc.
  return target?.tagName?.toLowerCase() === 'select' && s.id !== 'close';
}

/** The shortcut of `scope` that `e` presses, if any. */
export function shortcutOf(e: KeyLike, scopes: readonly Scope[], platform: Platform = currentPlatform(), settings?: KeySettings): Shortcut | undefined {
  return SHORTCUTS.find((s) => scopes.includes(s.scope) && chordsOf(s, settings).some((c) => matchesChord(e, c, platform)));
}

// ---------------------------------------------------------------------------------------------
// In words and symbols

/** One key of a chord as shown (`label`, in a <kbd>) and as read out (`spoken`). */
export interface KeyCap {
  label: string;
  spoken: string;
}

const ARROWS: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };

function keyCap(key: string): KeyCap {
  const arrow = ARROWS[key];
  if (arrow) {
    const spoken = t(key === 'ArrowUp' ? 'keys.say.up' : key === 'ArrowDown' ? 'keys.say.down' : key === 'ArrowLeft' ? 'keys.say.left' : 'keys.say.right');
    return { label: arrow, spoken };
  }
  switch (key) {
    case 'Enter':
      return { label: t('keys.key.enter'), spoken: t('keys.key.enter') };
    case 'Escape':
      return { label: t('keys.key.escape'), spoken: t('keys.say.escape') };
    case ' ':
      return { label: t('keys.key.space'), spoken: t('keys.key.space') };
    case 'Home':
      return { label: t('keys.key.home'), spoken: t('keys.key.home') };
    case 'End':
      return { label: t('keys.key.end'), spoken: t('keys.key.end') };
    case 'ContextMenu':
      return { label: t('keys.key.menu'), spoken: t('keys.say.menu') };
    case '?':
      return { label: '?', spoken: t('keys.say.questionMark') };
    case '/':
      return { label: '/', spoken: t('keys.say.slash') };
    default:
      return { label: key.length === 1 ? key.toUpperCase() : key, spoken: key.length === 1 ? key.toUpperCase() : key };
  }
}

/** The keys of chord `c`, in order, as this platform writes them (⌥⇧↓ on a Mac, Alt Shift ↓ elsewhere). */
export function keyCaps(c: Chord, platform: Platform = currentPlatform()): KeyCap[] {
  const apple = platform === 'apple';
  const caps: KeyCap[] = [];
  // Apple's order is ⌃⌥⇧⌘; elsewhere Ctrl+Alt+Shift.
  if (c.mod && !apple) caps.push({ label: t('keys.key.ctrl'), spoken: t('keys.say.ctrl') });
  if (c.alt) caps.push(apple ? { label: '⌥', spoken: t('keys.say.option') } : { label: t('keys.key.alt'), spoken: t('keys.key.alt') });
  if (c.shift) caps.push(apple ? { label: '⇧', spoken: t('keys.say.shift') } : { label: t('keys.key.shift'), spoken: t('keys.say.shift') });
  if (c.mod && apple) caps.push({ label: '⌘', spoken: t('keys.say.cmd') });
  caps.push(keyCap(c.key));
  return caps;
}

/** Chord `c` in one string, for a tooltip: "Ctrl+Shift+F", "⌘⇧F". */
export function chordText(c: Chord, platform: Platform = currentPlatform()): string {
  return keyCaps(c, platform)
    .map((k) => k.label)
    .join(platform === 'apple' ? '' : '+');
}

/** Shortcut `id`'s first chord in one string, for a tooltip ("Search this chat (Ctrl+F)"). */
export function shortcutText(id: ShortcutId, platform: Platform = currentPlatform(), settings?: KeySettings): string {
  const first = chordsOf(shortcut(id), settings)[0];
  return first ? chordText(first, platform) : '';
}

const ARIA_NAMES: Record<string, string> = { ' ': 'Space', '?': '?' };

/** Shortcut `id` as aria-keyshortcuts writes it ("Control+K", "Meta+K" on Apple's). */
export function ariaKeyShortcuts(id: ShortcutId, platform: Platform = currentPlatform(), settings?: KeySettings): string {
  return chordsOf(shortcut(id), settings)
    .map((c) =>
      [
        ...(c.mod ? [platform === 'apple' ? 'Meta' : 'Control'] : []),
        ...(c.alt ? ['Alt'] : []),
        ...(c.shift ? ['Shift'] : []),
        ARIA_NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key),
      ].join('+'),
    )
    .join(' ');
}

// @vitest-environment happy-dom
// The shortcuts' table and its key matching: Cmd on Apple's systems and Ctrl elsewhere, exact
// modifiers (AltGr counting as none), "?" from whichever key types it, letters as printed on
// the key (AZERTY, QWERTZ) or in the letter's place on a non-Latin layout, nothing during an
// IME composition, one-key shortcuts never in a field, and the keys in words per platform.
import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n';
import {
  ariaKeyShortcuts,
  chordsOf,
  chordText,
  isTypingTarget,
  keyCaps,
  leaveAlone,
  matchesShortcut,
  SCOPES,
  shortcut,
  shortcutOf,
  shortcutText,
  SHORTCUTS,
  type KeyLike,
} from './shortcuts';

afterEach(() => {
  setLocale('en');
  document.body.replaceChildren();
});

/** A key event as a browser gives it: `key`, its physical `code`, and modifiers. */
function press(key: string, init: Partial<KeyLike> & { altGraph?: boolean } = {}): KeyLike {
  const { altGraph = false, ...rest } = init;
  return {
    key,
    code: '',
    ctrlKey: false,
    altKey: false,
    shiftKey: false,
    metaKey: false,
    isComposing: false,
    getModifierState: (m: string) => m === 'AltGraph' && altGraph,
    ...rest,
  };
}

describe('the table', () => {
  it('has unique ids, a known scope and a description for every shortcut, and keys for each setting', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SHORTCUTS) {
      expect(SCOPES).toContain(s.scope);
      expect(s.description).toMatch(/^keys\.do\./);
      expect(chordsOf(s, { enterToSend: true }).length).toBeGreaterThan(0);
      expect(chordsOf(s, { enterToSend: false }).length).toBeGreaterThan(0);
    }
  });

  it('inserts a template with Ctrl/Cmd+/ wherever the layout puts "/", in the box too', () => {
    expect(shortcut('insertTemplate').inFields).toBe(true);
    expect(matchesShortcut(press('/', { code: 'Slash', ctrlKey: true }), 'insertTemplate', 'other')).toBe(true);
    expect(matchesShortcut(press('/', { code: 'Slash', metaKey: true }), 'insertTemplate', 'apple')).toBe(true);
    // German (Shift+7) and French (Shift+:) keyboards type "/" with Shift.
    expect(matchesShortcut(press('/', { code: 'Digit7', ctrlKey: true, shiftKey: true }), 'insertTemplate', 'other')).toBe(true);
    expect(matchesShortcut(press('/', { code: 'Period', ctrlKey: true, shiftKey: true }), 'insertTemplate', 'other')).toBe(true);
    // "/" alone is typed, Ctrl+Shift+/ ("?") is not it, nor Ctrl+/ on a Mac.
    expect(matchesShortcut(press('/', { code: 'Slash' }), 'insertTemplate', 'other')).toBe(false);
    expect(matchesShortcut(press('?', { code: 'Slash', ctrlKey: true, shiftKey: true }), 'insertTemplate', 'other')).toBe(false);
    expect(matchesShortcut(press('/', { code: 'Slash', ctrlKey: true }), 'insertTemplate', 'apple')).toBe(false);
    expect(chordText(chordsOf(shortcut('insertTemplate'))[0]!, 'other')).toBe('Ctrl+/');
    expect(keyCaps(chordsOf(shortcut('insertTemplate'))[0]!, 'apple').map((k) => k.spoken)).toEqual(['Command', 'Slash']);
  });

  it('one-key shortcuts never fire in fields; the chords that do have Ctrl/Cmd or Alt, or are Esc', () => {
    for (const s of SHORTCUTS.filter((s) => 'inFields' in s && s.inFields)) {
      for (const c of chordsOf(s)) expect(c.key === 'Escape' || c.mod === true || c.alt === true, s.id).toBe(true);
    }
    expect('inFields' in shortcut('help')).toBe(false);
    expect('inFields' in shortcut('reply')).toBe(false);
  });

  it('sends as the person chose: Enter (or Ctrl+Enter), else only Ctrl+Enter, Enter adding a line', () => {
    const on = { enterToSend: true };
    const off = { enterToSend: false };
    expect(matchesShortcut(press('Enter'), 'send', 'other', on)).toBe(true);
    expect(matchesShortcut(press('Enter', { ctrlKey: true }), 'send', 'other', on)).toBe(true);
    expect(matchesShortcut(press('Enter', { shiftKey: true }), 'send', 'other', on)).toBe(false);
    expect(matchesShortcut(press('Enter'), 'send', 'other', off)).toBe(false);
    expect(matchesShortcut(press('Enter', { ctrlKey: true }), 'send', 'other', off)).toBe(true);
    expect(matchesShortcut(press('Enter', { metaKey: true }), 'send', 'apple', off)).toBe(true);
    expect(matchesShortcut(press('Enter', { ctrlKey: true }), 'send', 'apple', off)).toBe(false);
    expect(chordsOf(shortcut('newLine'), off).map((c) => chordText(c, 'other'))).toEqual(['Enter', 'Shift+Enter']);
    expect(chordsOf(shortcut('newLine'), on).map((c) => chordText(c, 'other'))).toEqual(['Shift+Enter']);
  });
});

describe('matching', () => {
  it('Mod is Cmd on Apple systems and Ctrl elsewhere, never both', () => {
    expect(matchesShortcut(press('k', { ctrlKey: true }), 'switcher', 'other')).toBe(true);
    expect(matchesShortcut(press('k', { metaKey: true }), 'switcher', 'other')).toBe(false);
    expect(matchesShortcut(press('k', { metaKey: true }), 'switcher', 'apple')).toBe(true);
    // Ctrl+K on a Mac is the text fields' "delete to the end of the line".
    expect(matchesShortcut(press('k', { ctrlKey: true }), 'switcher', 'apple')).toBe(false);
    expect(matchesShortcut(press('k', { ctrlKey: true, metaKey: true }), 'switcher', 'apple')).toBe(false);
  });

  it('takes exactly the modifiers a shortcut has', () => {
    expect(matchesShortcut(press('ArrowDown', { altKey: true }), 'nextChat', 'other')).toBe(true);
    expect(matchesShortcut(press('ArrowDown', { altKey: true, shiftKey: true }), 'nextChat', 'other')).toBe(false);
    expect(matchesShortcut(press('ArrowDown', { altKey: true, shiftKey: true }), 'nextUnread', 'other')).toBe(true);
    expect(matchesShortcut(press('ArrowDown', { altKey: true, ctrlKey: true }), 'nextChat', 'other')).toBe(false);
    expect(matchesShortcut(press('ArrowDown'), 'nextChat', 'other')).toBe(false);
    expect(matchesShortcut(press('f', { ctrlKey: true }), 'searchChat', 'other')).toBe(true);
    expect(matchesShortcut(press('F', { ctrlKey: true, shiftKey: true }), 'searchChat', 'other')).toBe(false);
    expect(matchesShortcut(press('F', { ctrlKey: true, shiftKey: true }), 'searchAll', 'other')).toBe(true);
    // A letter with Ctrl, Alt or Cmd is not the letter's shortcut.
    expect(matchesShortcut(press('r', { ctrlKey: true }), 'reply', 'other')).toBe(false);
    expect(matchesShortcut(press('r', { metaKey: true }), 'reply', 'apple')).toBe(false);
    expect(matchesShortcut(press('r', { altKey: true }), 'reply', 'other')).toBe(false);
    expect(matchesShortcut(press('R', { shiftKey: true }), 'reply', 'other')).toBe(false);
    expect(matchesShortcut(press('r'), 'reply', 'other')).toBe(true);
    // Caps Lock: an upper-case letter without Shift.
    expect(matchesShortcut(press('R'), 'reply', 'other')).toBe(true);
  });

  it('"?" is the key that types it, on any layout, with its Shift or not', () => {
    // US and UK: Shift+/; French AZERTY: Shift+,; German QWERTZ: Shift+ß; Spanish: Shift+'.
    for (const code of ['Slash', 'KeyM', 'Minus', 'Comma']) {
      expect(matchesShortcut(press('?', { code, shiftKey: true }), 'help', 'other'), code).toBe(true);
    }
    // A keyboard with "?" on a key of its own (Brazilian ABNT2's /? key), or typed without Shift.
    expect(matchesShortcut(press('?', { code: 'IntlRo' }), 'help', 'other')).toBe(true);
    // The physical key of US "?" typing something else is not it.
    expect(matchesShortcut(press('/', { code: 'Slash' }), 'help', 'other')).toBe(false);
    expect(matchesShortcut(press(',', { code: 'KeyM' }), 'help', 'other')).toBe(false);
    expect(matchesShortcut(press('?', { ctrlKey: true, shiftKey: true }), 'help', 'other')).toBe(false);
    expect(matchesShortcut(press('?', { metaKey: true, shiftKey: true }), 'help', 'apple')).toBe(false);
  });

  it('AltGr (Ctrl+Alt on Windows) is no modifier: "?" typed with it still opens the help', () => {
    expect(matchesShortcut(press('?', { ctrlKey: true, altKey: true, altGraph: true }), 'help', 'other')).toBe(true);
    expect(matchesShortcut(press('?', { ctrlKey: true, altKey: true }), 'help', 'other')).toBe(false);
  });

  it('letters are those printed on the key: AZERTY and QWERTZ', () => {
    // AZERTY: the key in QWERTY's Q place types "a", and R stays in its place.
    expect(matchesShortcut(press('e', { code: 'KeyE' }), 'edit', 'other')).toBe(true);
    expect(matchesShortcut(press('a', { code: 'KeyQ' }), 'reply', 'other')).toBe(false);
    // AZERTY's "r" and "t" where QWERTY has them; QWERTZ's "z" where QWERTY has "y".
    expect(matchesShortcut(press('r', { code: 'KeyR' }), 'reply', 'other')).toBe(true);
    expect(matchesShortcut(press('t', { code: 'KeyT' }), 'thread', 'other')).toBe(true);
    // Dvorak: "k" is where QWERTY has "v"; it is K, not V.
    expect(matchesShortcut(press('k', { code: 'KeyV', ctrlKey: true }), 'switcher', 'other')).toBe(true);
    // And a key that types another Latin letter is not the letter of its place.
    expect(matchesShortcut(press('o', { code: 'KeyR' }), 'reply', 'other')).toBe(false);
  });

  it('on a layout without Latin letters, the letter in its place counts', () => {
    // Russian ЙЦУКЕН: "к" in the R place, "л" in the K place, "у" in the E place.
    expect(matchesShortcut(press('к', { code: 'KeyR' }), 'reply', 'other')).toBe(true);
    expect(matchesShortcut(press('л', { code: 'KeyK', ctrlKey: true }), 'switcher', 'other')).toBe(true);
    expect(matchesShortcut(press('у', { code: 'KeyE' }), 'edit', 'other')).toBe(true);
    // Greek.
    expect(matchesShortcut(press('ρ', { code: 'KeyR' }), 'reply', 'other')).toBe(true);
  });

  it('takes nothing during an IME composition', () => {
    expect(matchesShortcut(press('Enter', { isComposing: true }), 'send', 'other')).toBe(false);
    expect(matchesShortcut(press('Process', { code: 'KeyR' }), 'reply', 'other')).toBe(false);
    expect(matchesShortcut(press('r', { keyCode: 229 }), 'reply', 'other')).toBe(false);
    expect(matchesShortcut(press('?', { isComposing: true, shiftKey: true }), 'help', 'other')).toBe(false);
  });

  it('finds the shortcut of the scopes asked', () => {
    expect(shortcutOf(press('r'), ['message'], 'other')?.id).toBe('reply');
    expect(shortcutOf(press('r'), ['global', 'chat'], 'other')).toBeUndefined();
    expect(shortcutOf(press('f', { ctrlKey: true }), ['global', 'chat'], 'other')?.id).toBe('searchChat');
    expect(shortcutOf(press('ArrowUp', { altKey: true }), ['global'], 'apple')?.id).toBe('previousChat');
    expect(shortcutOf(press('Escape'), ['global'], 'other')?.id).toBe('close');
  });
});

describe('typing', () => {
  const make = (html: string) => {
    document.body.innerHTML = html;
    return document.body.firstElementChild as HTMLElement;
  };

  it('is in text fields, text areas, selects and editable elements', () => {
    expect(isTypingTarget(make('<textarea></textarea>'))).toBe(true);
    expect(isTypingTarget(make('<input>'))).toBe(true);
    expect(isTypingTarget(make('<input type="search">'))).toBe(true);
    expect(isTypingTarget(make('<input type="email">'))).toBe(true);
    expect(isTypingTarget(make('<select><option>a</option></select>'))).toBe(true);
    expect(isTypingTarget(make('<div contenteditable="true"><b>x</b></div>').firstElementChild)).toBe(true);
  });

  it('is not on buttons, checkboxes, links, messages, or fields that cannot change', () => {
    expect(isTypingTarget(make('<button>x</button>'))).toBe(false);
    expect(isTypingTarget(make('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(make('<input type="range">'))).toBe(false);
    expect(isTypingTarget(make('<input readonly>'))).toBe(false);
    expect(isTypingTarget(make('<textarea disabled></textarea>'))).toBe(false);
    expect(isTypingTarget(make('<div tabindex="0" role="article">m</div>'))).toBe(false);
    expect(isTypingTarget(make('<div contenteditable="false">x</div>'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('leaves a field its keys but for the chords fields do not use, and Esc', () => {
    const box = make('<textarea></textarea>');
    const at = (key: string, init: Partial<KeyLike> = {}) => ({ ...press(key, init), target: box, defaultPrevented: false });
    expect(leaveAlone(at('?', { shiftKey: true }), shortcut('help'))).toBe(true);
    expect(leaveAlone(at('r'), shortcut('reply'))).toBe(true);
    expect(leaveAlone(at('k', { ctrlKey: true }), shortcut('switcher'))).toBe(false);
    expect(leaveAlone(at('ArrowDown', { altKey: true }), shortcut('nextChat'))).toBe(false);
    expect(leaveAlone(at('Escape'), shortcut('close'))).toBe(false);
    const button = make('<button>x</button>');
    expect(leaveAlone({ ...press('?', { shiftKey: true }), target: button }, shortcut('help'))).toBe(false);
    expect(leaveAlone({ ...press('?', { shiftKey: true }), target: button, defaultPrevented: true }, shortcut('help'))).toBe(true);
    expect(leaveAlone({ ...press('?', { shiftKey: true, isComposing: true }), target: button }, shortcut('help'))).toBe(true);
  });

  it('leaves menus and open dialogs their keys; a select keeps Alt+Down', () => {
    const menu = make('<div role="menu"><button role="menuitem">a</button></div>').firstElementChild;
    expect(leaveAlone({ ...press('ArrowDown', { altKey: true }), target: menu }, shortcut('nextChat'))).toBe(true);
    const select = make('<select><option>a</option></select>');
    expect(leaveAlone({ ...press('ArrowDown', { altKey: true }), target: select }, shortcut('nextChat'))).toBe(true);
    expect(leaveAlone({ ...press('Escape'), target: select }, shortcut('close'))).toBe(false);
    const dialog = make('<dialog open><button>x</button></dialog>');
    expect(leaveAlone({ ...press('?', { shiftKey: true }), target: dialog.firstElementChild }, shortcut('help'))).toBe(true);
    expect(leaveAlone({ ...press('k', { ctrlKey: true }), target: document.body }, shortcut('switcher'))).toBe(true);
  });
});

describe('in words', () => {
  it('writes Mod as ⌘ on Apple systems and Ctrl elsewhere, in each platform’s order', () => {
    expect(shortcutText('switcher', 'other')).toBe('Ctrl+K');
    expect(shortcutText('switcher', 'apple')).toBe('⌘K');
    expect(shortcutText('searchAll', 'other')).toBe('Ctrl+Shift+F');
    expect(shortcutText('searchAll', 'apple')).toBe('⇧⌘F');
    expect(shortcutText('nextUnread', 'other')).toBe('Alt+Shift+↓');
    expect(shortcutText('nextUnread', 'apple')).toBe('⌥⇧↓');
    expect(shortcutText('help', 'other')).toBe('?');
    expect(shortcutText('close', 'apple')).toBe('Esc');
    expect(shortcutText('send', 'other', { enterToSend: false })).toBe('Ctrl+Enter');
  });

  it('says each key in words for screen readers, in the interface’s language', () => {
    expect(keyCaps({ key: 'ArrowDown', alt: true }, 'apple')).toEqual([
      { label: '⌥', spoken: 'Option' },
      { label: '↓', spoken: 'Down arrow' },
    ]);
    expect(keyCaps({ key: 'k', mod: true }, 'apple').map((k) => k.spoken)).toEqual(['Command', 'K']);
    setLocale('es');
    expect(shortcutText('searchAll', 'other')).toBe('Ctrl+Mayús+F');
    expect(keyCaps({ key: 'Enter', shift: true }, 'other').map((k) => k.label)).toEqual(['Mayús', 'Intro']);
    expect(keyCaps({ key: '?' }, 'other')[0]?.spoken).toBe('Signo de interrogación');
  });

  it('gives aria-keyshortcuts its names', () => {
    expect(ariaKeyShortcuts('switcher', 'other')).toBe('Control+K');
    expect(ariaKeyShortcuts('switcher', 'apple')).toBe('Meta+K');
    expect(ariaKeyShortcuts('searchAll', 'other')).toBe('Control+Shift+F');
    expect(ariaKeyShortcuts('messageMenu', 'other')).toBe('Enter Space ContextMenu Shift+F10');
    expect(ariaKeyShortcuts('help', 'other')).toBe('?');
  });
});

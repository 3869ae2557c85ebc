// Tells the server which chat this device is reading (client:focus), so that it pushes nothing
// of that chat to the user's devices while they read it: a chat's id only while the page is
// visible and has focus and that chat is open, null otherwise. Sent on every change (the page
// hidden or shown, focus lost or back, another chat opened, the chat closed) and again after
// every (re)connect, since the server forgets it with the connection. A report that fails is
// not retried: the next change or connect sends the state as it is then. Used by ChatStore
// (its `focus`); the page's side comes in as a PageFocus (documentFocus, or a fake in tests).
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { Slice } from './slices/slice';
import type { RealtimeEvent } from './types';

/** An acknowledgement is not needed; a slow one is not waited for long. */
const REPORT_TIMEOUT_MS = 5000;

/** Whether the person can be reading the page now. */
export interface PageFocus {
  /** The page is visible and has focus. */
  attentive(): boolean;
  /** Hears of each change of visibility or focus; returns the way to stop. */
  onChange(listener: () => void): () => void;
}

/** The parts of the page's document and window a PageFocus reads. */
export interface FocusTarget {
  readonly visibilityState: DocumentVisibilityState;
  hasFocus(): boolean;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * The page's visibility (visibilitychange on `doc`) and focus (focus and blur on `win`, kept as
 * they come: during blur some browsers still say the document has focus).
 */
export function documentFocus(doc: FocusTarget, win: Pick<FocusTarget, 'addEventListener' | 'removeEventListener'>): PageFocus {
  let focused = doc.hasFocus();
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const l of [...listeners]) l();
  };
  const onFocus = () => {
    focused = true;
    tell();
  };
  const onBlur = () => {
    focused = false;
    tell();
  };
  return {
    attentive: () => doc.visibilityState === 'visible' && focused,
    onChange: (listener) => {
      if (listeners.size === 0) {
        focused = doc.hasFocus();
        doc.addEventListener('visibilitychange', tell);
        win.addEventListener('focus', onFocus);
        win.addEventListener('blur', onBlur);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        doc.removeEventListener('visibilitychange', tell);
        win.removeEventListener('focus', onFocus);
        win.removeEventListener('blur', onBlur);
      };
    },
  };
}

export interface FocusHost {
  readonly realtime: Realtime;
  readonly slices: Slices;
  readonly page: PageFocus;
}

export class FocusReporter {
  /** The chat this device reads now, null for none. */
  readonly reading: Slice<string | null>;

  private readonly host: FocusHost;
  private readonly offs: Array<() => void>;
  /** What the server was told on this connection; undefined: nothing yet. */
  private told: string | null | undefined = undefined;

  constructor(host: FocusHost) {
    this.host = host;
    this.reading = new Slice(this.now());
    this.offs = [
      host.realtime.subscribe((e) => this.on(e)),
      host.page.onChange(() => this.update()),
      host.slices.chats.subscribe(() => this.update()),
    ];
  }

  destroy(): void {
    for (const off of this.offs.splice(0)) off();
    this.reading.clearListeners();
  }

  private now(): string | null {
    return this.host.page.attentive() ? this.host.slices.chats.get().active : null;
  }

  private on(e: RealtimeEvent): void {
    if (e.type === 'connected') {
      this.told = undefined;
      this.report();
    } else if (e.type === 'disconnected') {
      this.told = undefined;
    }
  }

  private update(): void {
    this.reading.set(this.now());
    this.report();
  }

  private report(): void {
    const chatId = this.reading.get();
    const realtime = this.host.realtime;
    if (chatId === this.told || !realtime.isConnected()) return;
    this.told = chatId;
    // No chat: the field left out (the server reads absent and null alike).
    realtime.request('client:focus', chatId === null ? {} : { chatId }, REPORT_TIMEOUT_MS).catch(() => {
      // Not known to have arrived: the next change or connect says it again.
      if (this.told === chatId) this.told = undefined;
    });
  }
}

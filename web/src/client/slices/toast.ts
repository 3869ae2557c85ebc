// The toast slice: the one short-lived message for errors that belong to no form.
import { Slice } from './slice';

export interface ToastState {
  id: number;
  text: string;
}

export class ToastSlice extends Slice<ToastState | null> {
  private lastId = 0;

  constructor() {
    super(null);
  }

  show(text: string): void {
    this.set({ id: ++this.lastId, text });
  }

  /** Hides toast `id` if it is still the one shown. */
  dismiss(id: number): void {
    if (this.get()?.id === id) this.set(null);
  }

  clear(): void {
    this.set(null);
  }
}

// The user's devices that get push notifications, as the server lists them (oldest first), for
// the Notifications dialog: loaded when asked (the dialog opens), each removable by id, and
// which one is this browser (its push subscription's endpoint). This browser registering or
// forgetting its own subscription (push-subscription.ts) updates a list already held at once,
// and a load that was on its way meanwhile is made again, so the list never shows what was
// before. Removing this device's entry answers 'this device': the caller then turns this
// device's notifications off, which unsubscribes the browser. Owned by PushSubscriber (its
// `devices`); no React here.
import { t } from '../i18n/core';
import { ApiError, errorMessage } from './errors';
import type { NotificationsApi } from './notifications-api';
import type { PushDevice } from './notifications-wire';
import { Slice } from './slices/slice';

/** A removal that did not work, and why in the server's words. */
export interface RemoveFailure {
  id: string;
  label: string;
  message: string;
}

export interface PushDevicesView {
  /** The user's devices, oldest first; null until loaded. */
  devices: readonly PushDevice[] | null;
  /** The endpoint of this browser's push subscription; null: it has none. */
  thisEndpoint: string | null;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
  /** The devices being removed, by id. */
  removing: readonly string[];
  /** The last removal that failed (retry with remove(id)); null once another is asked. */
  removeError: RemoveFailure | null;
}

export interface PushDevicesHost {
  /** null: this client does not talk push with the server. */
  readonly api: NotificationsApi | null;
  /** The session's token ('' when signed out). */
  token(): string;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  /** The endpoint of this browser's push subscription; null: none (or no push here). */
  thisEndpoint(): Promise<string | null>;
}

/** What a removal came to: 'this device' when it was this browser's own subscription. */
export type RemoveOutcome = 'removed' | 'this device' | 'failed';

const INITIAL: PushDevicesView = { devices: null, thisEndpoint: null, loading: false, loadError: null, removing: [], removeError: null };

/** Whether `device` is this browser's subscription. */
export function isThisDevice(view: PushDevicesView, device: PushDevice): boolean {
  return view.thisEndpoint !== null && device.endpoint === view.thisEndpoint;
}

/** The device's name as shown; the server keeps an empty label when the client gave none. */
export function deviceName(device: PushDevice): string {
  return device.label.trim() || t('notifications.devices.unnamed');
}

export class PushDevices {
  readonly view = new Slice<PushDevicesView>(INITIAL);

  private readonly host: PushDevicesHost;
  /** Counts loads; only the answer of the last one asked is shown. */
  private loads = 0;
  /** Counts changes made here to the held list; a load that began before one is made again. */
  private changes = 0;

  constructor(host: PushDevicesHost) {
    this.host = host;
  }

  /** Forgets the list (the session ended). */
  reset(): void {
    this.loads++;
    this.view.set(INITIAL);
  }

  /** Reads the list from the server, and which entry is this browser. */
  async load(): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    const load = ++this.loads;
    const changes = this.changes;
    this.patch({ loading: true, loadError: null });
    try {
      const [devices, thisEndpoint] = await Promise.all([
        api.pushDevices(this.host.token()),
        this.host.thisEndpoint().catch(() => null),
      ]);
      if (s !== this.host.session() || load !== this.loads) return;
      if (changes !== this.changes) return this.load();
      this.patch({ devices, thisEndpoint, loading: false });
    } catch (err) {
      if (s !== this.host.session() || load !== this.loads) return;
      this.host.handleError(err, s, false);
      this.patch({ loading: false, loadError: errorMessage(err) });
    }
  }

  /**
   * Removes a device at the server. A device the server no longer has for the user (removed
   * from another device meanwhile: 404) leaves the list too.
   */
  async remove(id: string): Promise<RemoveOutcome> {
    const api = this.host.api;
    const before = this.view.get();
    const device = before.devices?.find((d) => d.id === id);
    if (!api || !device || before.removing.includes(id)) return 'failed';
    const s = this.host.session();
    const mine = isThisDevice(before, device);
    this.patch({ removing: [...before.removing, id], removeError: null });
    try {
      await api.removePushDevice(this.host.token(), id);
    } catch (err) {
      if (s !== this.host.session()) return 'failed';
      if (!(err instanceof ApiError && err.status === 404)) {
        this.host.handleError(err, s, false);
        const removing = this.view.get().removing.filter((r) => r !== id);
        this.patch({ removing, removeError: { id, label: deviceName(device), message: errorMessage(err) } });
        return 'failed';
      }
    }
    if (s !== this.host.session()) return 'failed';
    this.drop((d) => d.id === id, mine ? { thisEndpoint: null } : {});
    return mine ? 'this device' : 'removed';
  }

  /** This browser registered its subscription (the server's answer). */
  registered(device: PushDevice): void {
    const held = this.view.get().devices;
    if (!held) return;
    this.changes++;
    this.patch({ devices: [...held.filter((d) => d.endpoint !== device.endpoint), device], thisEndpoint: device.endpoint });
  }

  /** This browser's subscription with `endpoint` is gone (unsubscribed, and the server told). */
  forgotten(endpoint: string): void {
    const v = this.view.get();
    this.drop((d) => d.endpoint === endpoint, v.thisEndpoint === endpoint ? { thisEndpoint: null } : {});
  }

  /** Takes the devices that match out of the held list (and out of `removing`), with `also`. */
  private drop(match: (d: PushDevice) => boolean, also: Partial<PushDevicesView>): void {
    const v = this.view.get();
    if (!v.devices) return;
    this.changes++;
    const gone = new Set(v.devices.filter(match).map((d) => d.id));
    this.patch({ devices: v.devices.filter((d) => !gone.has(d.id)), removing: v.removing.filter((r) => !gone.has(r)), ...also });
  }

  private patch(p: Partial<PushDevicesView>): void {
    this.view.set({ ...this.view.get(), ...p });
  }
}

// The connection state for the user: a quiet dot when connected, a visible pill while
// reconnecting or offline. data-connection lets the browser tests wait on it.
import { useConnection } from '../../app/store-context';
import type { ConnectionState } from '../../client/types';
import { useT, type MessageKey } from '../../i18n';

const TEXT: Record<ConnectionState, MessageKey> = {
  connecting: 'app.connection.connecting',
  connected: 'app.connection.connected',
  reconnecting: 'app.connection.reconnecting',
  offline: 'app.connection.offline',
};

export function ConnectionIndicator() {
  const t = useT();
  const state = useConnection();
  const tone =
    state === 'connected'
      ? 'text-muted'
      : state === 'offline'
        ? 'bg-danger-soft text-danger'
        : 'bg-warn/15 text-warn';
  const dot =
    state === 'connected' ? 'bg-online' : state === 'offline' ? 'bg-danger' : 'bg-warn animate-pulse';
  return (
    <div
      role="status"
      aria-live="polite"
      data-connection={state}
      className={`inline-flex max-w-full items-center gap-1.5 rounded-full py-0.5 text-xs font-medium whitespace-nowrap ${
        state === 'connected' ? '' : 'px-2'
      } ${tone}`}
    >
      <span className={`size-2 shrink-0 rounded-full ${dot}`} aria-hidden="true" />
      <span>{t(TEXT[state])}</span>
    </div>
  );
}

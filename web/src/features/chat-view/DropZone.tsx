// The open chat's section, which takes files dropped on it (dragged from the desktop or
// another window): while files are dragged over it, a veil says "Drop files to send them";
// dropped, they join the message box's tray (store.files). Only where the user can send.
import { useRef, useState, type DragEvent, type ReactNode } from 'react';

import { useChatStore } from '../../app/store-context';
import { useT } from '../../i18n';

function hasFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes('Files');
}

export function DropZone({ chatId, enabled, label, children }: { chatId: string; enabled: boolean; label: string; children: ReactNode }) {
  const t = useT();
  const store = useChatStore();
  const [over, setOver] = useState(false);
  /** dragenter and dragleave come for every child crossed: counted, so the veil does not flicker. */
  const depth = useRef(0);

  const handlers = enabled
    ? {
        onDragEnter: (e: DragEvent<HTMLElement>) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          depth.current++;
          setOver(true);
        },
        onDragOver: (e: DragEvent<HTMLElement>) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        },
        onDragLeave: (e: DragEvent<HTMLElement>) => {
          if (!hasFiles(e)) return;
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        },
        onDrop: (e: DragEvent<HTMLElement>) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          depth.current = 0;
          setOver(false);
          const files = [...e.dataTransfer.files];
          if (files.length > 0) void store.files.stage(chatId, files);
        },
      }
    : {};

  return (
    <section aria-label={label} className="relative flex min-h-0 min-w-0 flex-1 flex-col bg-chat" {...handlers}>
      {children}
      {over && (
        <div
          className="pointer-events-none absolute inset-3 z-30 flex items-center justify-center rounded-2xl border-2 border-dashed border-accent bg-panel/85 text-lg font-medium text-accent"
          data-testid="drop-veil"
        >
          {t('chat.dropFiles')}
        </div>
      )}
    </section>
  );
}

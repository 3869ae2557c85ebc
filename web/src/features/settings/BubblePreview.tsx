// A small mock chat that shows a choice before (and while) it is saved: a message from someone
// else with their name, and one of the person's own with its ticks, in the bubbles' colours and
// with what a scheme draws inside bubbles, on a chat background when one is given.
import type { CSSProperties } from 'react';

import type { Bubbles } from '../../client/settings';
import { useT } from '../../i18n';
import type { Palette } from '../../shared/palette';
import { schemeVariables } from '../../shared/schemes';

/** Variables as inline style: { 'panel': … } → { '--p-panel': … }. */
function asVars(vars: Record<string, string>): CSSProperties {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`--p-${k}`, v])) as CSSProperties;
}

const INSIDE = ['panel', 'hover', 'line', 'muted', 'accent', 'accent-soft', 'tick', 'read'] as const;

function insideOf(vars: Record<string, string>, side: 'own' | 'other'): CSSProperties {
  return asVars(Object.fromEntries(INSIDE.map((k) => [k, vars[`${side}-${k}`]!])));
}

export interface PreviewGround {
  /** background-color, background-image, background-size of the chat's ground. */
  style: CSSProperties;
  /** A picture behind it, blurred and dimmed. */
  photo?: { url: string; blur: number; dim: number };
}

export function BubblePreview({ bubbles, palette, ground, testId }: { bubbles: Bubbles; palette: Palette; ground?: PreviewGround; testId?: string }) {
  const t = useT();
  const vars = schemeVariables(bubbles, palette);
  return (
    <figure className="flex flex-col gap-1.5" data-testid={testId}>
      <figcaption className="text-xs font-semibold tracking-wide text-muted uppercase">{t('settings.preview.label')}</figcaption>
      <div
        className="relative isolate flex flex-col gap-2 overflow-hidden rounded-xl border border-line bg-chat p-3"
        style={{ ...asVars({ own: bubbles.own, 'own-fg': bubbles.ownText, other: bubbles.other, 'other-fg': bubbles.otherText }), ...ground?.style }}
      >
        {ground?.photo && (
          <>
            <span
              aria-hidden="true"
              className="absolute -z-10 bg-cover bg-center"
              style={{ inset: -2 * ground.photo.blur, backgroundImage: `url(${JSON.stringify(ground.photo.url)})`, filter: `blur(${ground.photo.blur}px)` }}
            />
            <span aria-hidden="true" className="absolute inset-0 -z-10" style={{ background: `rgb(0 0 0 / ${ground.photo.dim / 100})` }} />
          </>
        )}
        <div className="max-w-[80%] self-start rounded-2xl rounded-bl-md bg-other px-3.5 py-2 text-[15px] leading-snug text-other-fg shadow-soft" style={insideOf(vars, 'other')} data-testid="preview-other">
          <p className="text-xs font-semibold text-accent">{t('settings.preview.sender')}</p>
          {t('settings.preview.incoming')} <span className="ms-1 text-[11px] text-muted">9:41</span>
        </div>
        <div className="max-w-[80%] self-end rounded-2xl rounded-br-md bg-own px-3.5 py-2 text-[15px] leading-snug text-own-fg shadow-soft" style={insideOf(vars, 'own')} data-testid="preview-own">
          {t('settings.preview.outgoing')}{' '}
          <span className="ms-1 inline-flex items-center gap-1 text-[11px] text-muted">
            9:42 <span className="text-xs leading-none font-bold tracking-[-0.2em] text-tick" aria-hidden="true">✓✓</span>
          </span>
        </div>
      </div>
    </figure>
  );
}

// The favicon carries a red badge with the unread count (9+ past nine), beside the count in the
// title, so a pinned tab shows that something is waiting. The badge is drawn into the icon's
// own SVG, which the browser renders as the tab's icon.
import { useEffect } from 'react';

import { useTotalUnread } from './store-context';

const ICON = '/favicon.svg';

/** The icon's SVG with a badge for `unread` added last (on top); the icon itself at 0. */
export function badgedSvg(svg: string, unread: number): string {
  if (unread <= 0) return svg;
  const end = svg.lastIndexOf('</svg>');
  const open = /<svg\b[^>]*\bviewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"/.exec(svg);
  if (end < 0 || !open) return svg;
  const width = Number(open[1]);
  const r = width * 0.3;
  const cx = width - r;
  const cy = r;
  const label = unread > 9 ? '9+' : String(unread);
  const badge =
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#dc2626" stroke="#fff" stroke-width="${width * 0.04}"/>` +
    `<text x="${cx}" y="${cy}" fill="#fff" font-family="system-ui,sans-serif" font-weight="700" ` +
    `font-size="${label.length > 1 ? r * 1.05 : r * 1.4}" text-anchor="middle" dominant-baseline="central">${label}</text>`;
  return svg.slice(0, end) + badge + svg.slice(end);
}

function iconLink(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>('link[rel="icon"][type="image/svg+xml"]') ?? document.querySelector('link[rel="icon"]');
}

/** Keeps the favicon's badge in step with the unread count; the plain icon back after. */
export function useFaviconBadge(): void {
  const unread = useTotalUnread();
  useEffect(() => {
    const link = iconLink();
    if (!link) return;
    let cancelled = false;
    if (unread <= 0) {
      link.href = ICON;
      return;
    }
    fetch(ICON)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((svg) => {
        if (!cancelled) link.href = `data:image/svg+xml,${encodeURIComponent(badgedSvg(svg, unread))}`;
      })
      .catch(() => {
        // Offline, or no icon: the title still says it.
      });
    return () => {
      cancelled = true;
    };
  }, [unread]);
  useEffect(
    () => () => {
      const link = iconLink();
      if (link) link.href = ICON;
    },
    [],
  );
}

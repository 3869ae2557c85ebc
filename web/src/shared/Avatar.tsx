// A user's initials on a colour picked from their id, with an optional presence dot.
const HUES = [215, 250, 280, 330, 10, 30, 160, 190];

function hueOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length] ?? 215;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const second = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + second).toUpperCase();
}

/** Black or white, whichever reads better on `hex` (#rrggbb). */
function textOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return l > 0.179 ? '#000000' : '#ffffff';
}

interface AvatarProps {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** A group's own colour (#rrggbb) behind its initials; else one picked from the id. */
  color?: string;
  /** undefined: no dot at all. */
  online?: boolean;
}

const SIZES = { sm: 'size-8 text-xs', md: 'size-11 text-sm', lg: 'size-12 text-base', xl: 'size-20 text-2xl' } as const;

export function Avatar({ id, name, size = 'md', online, color }: AvatarProps) {
  const hue = hueOf(id);
  const own = color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : null;
  return (
    <span className="relative inline-flex shrink-0" aria-hidden="true">
      <span
        className={`${SIZES[size]} inline-flex items-center justify-center rounded-full font-semibold select-none`}
        style={
          own
            ? { background: own, color: textOn(own) }
            : {
                background: `light-dark(hsl(${hue} 70% 90%), hsl(${hue} 35% 28%))`,
                color: `light-dark(hsl(${hue} 45% 32%), hsl(${hue} 80% 86%))`,
              }
        }
      >
        {initials(name)}
      </span>
      {online !== undefined && (
        <span
          data-presence={online ? 'online' : 'offline'}
          className={`absolute right-0 bottom-0 size-3 rounded-full border-2 border-panel ${
            online ? 'bg-online' : 'bg-tick/50'
          }`}
        />
      )}
    </span>
  );
}

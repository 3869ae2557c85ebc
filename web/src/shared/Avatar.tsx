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

interface AvatarProps {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  /** undefined: no dot at all. */
  online?: boolean;
}

const SIZES = { sm: 'size-8 text-xs', md: 'size-11 text-sm', lg: 'size-12 text-base' } as const;

export function Avatar({ id, name, size = 'md', online }: AvatarProps) {
  const hue = hueOf(id);
  return (
    <span className="relative inline-flex shrink-0" aria-hidden="true">
      <span
        className={`${SIZES[size]} inline-flex items-center justify-center rounded-full font-semibold select-none`}
        style={{
          background: `light-dark(hsl(${hue} 70% 90%), hsl(${hue} 35% 28%))`,
          color: `light-dark(hsl(${hue} 45% 32%), hsl(${hue} 80% 86%))`,
        }}
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

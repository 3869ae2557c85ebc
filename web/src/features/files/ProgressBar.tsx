// A determinate progress bar with its percent for screen readers (role="progressbar" with
// aria values), for uploads and downloads.
export function ProgressBar({
  percent,
  label,
  className = '',
  onMedia = false,
}: {
  percent: number;
  /** What is progressing ("Uploading cat.png"). */
  label: string;
  className?: string;
  /** Drawn over a picture: light on a dark veil. */
  onMedia?: boolean;
}) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={`${value}%`}
      className={`h-1.5 overflow-hidden rounded-full ${onMedia ? 'bg-white/30' : 'bg-line'} ${className}`}
      data-testid="progress"
    >
      <div className={`h-full rounded-full transition-[width] duration-200 motion-reduce:transition-none ${onMedia ? 'bg-white' : 'bg-accent'}`} style={{ width: `${value}%` }} />
    </div>
  );
}

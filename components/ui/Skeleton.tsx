/** A placeholder block while data loads; `lines` grey bars, hidden from screen readers (they hear `label`). */
export function Skeleton({ lines = 3, label = 'Loading…' }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" aria-busy="true">
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} className="skeleton__line" aria-hidden="true" />
      ))}
    </div>
  );
}

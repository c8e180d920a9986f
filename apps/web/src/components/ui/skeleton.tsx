/** Placeholder lines while data loads (the page keeps its shape). */
export function Skeleton({ lines = 3, height }: { lines?: number; height?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: `${90 - ((i * 17) % 35)}%`, height }} />
      ))}
    </div>
  );
}

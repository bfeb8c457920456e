import type { ReactNode } from 'react';

/** A list of label → value pairs (a <dl>); values are rendered as given, text stays text. */
export function KeyValue({ items, compact = false }: { items: Array<[string, ReactNode]>; compact?: boolean }) {
  return (
    <dl className={compact ? 'kv kv--compact' : 'kv'}>
      {items.map(([key, value]) => (
        <div className="kv__row" key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

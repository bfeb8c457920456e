import styles from './peers.module.css';
import { categoryColor } from './category-colors';

/** A peer's categories as chips coloured by rank; an empty list reads "no category". */
export function CategoryNames({ names, order }: { names: readonly string[]; order: readonly string[] }) {
  if (names.length === 0) return <span className={styles.none}>no category</span>;
  return (
    <>
      {names.map((name) => (
        <span key={name} className={styles.category} style={{ background: categoryColor(order.indexOf(name)) }}>
          {name}
        </span>
      ))}
    </>
  );
}

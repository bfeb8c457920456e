import type { LogLevel } from '@/lib/contract/admin-v1';
import styles from './logs.module.css';

const LEVEL_CLASS: Record<LogLevel, string> = {
  error: styles.level_error,
  warn: styles.level_warn,
  info: styles.level_info,
  debug: styles.level_debug,
  unknown: styles.level_unknown,
};

/** A log level as a word in its colour (the word carries the meaning, the colour only helps). */
export function LevelTag({ level }: { level: LogLevel }) {
  return <span className={`${styles.level} ${LEVEL_CLASS[level]}`}>{level}</span>;
}

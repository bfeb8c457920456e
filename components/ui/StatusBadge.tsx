import { badgeLook, type BadgeStatus } from './badge-status';

/** The one badge for every status (node, link, severity, finding status, class): icon + words, never colour alone. */
export function StatusBadge({ status, label = 'status' }: { status: BadgeStatus; label?: string }) {
  const look = badgeLook(status);
  return (
    <span className={`badge badge--${look.tone}`} data-status={status} title={look.meaning}>
      <span className="badge__icon" aria-hidden="true">
        {look.icon}
      </span>
      <span className="sr-only">{label}: </span>
      {look.text}
    </span>
  );
}

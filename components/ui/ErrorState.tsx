import type { ReactNode } from 'react';

/** Something failed: what happened, and what the operator can do next (`action`, e.g. a retry button). */
export function ErrorState({
  title,
  message,
  next,
  action,
}: {
  title: string;
  message?: string;
  next: string;
  action?: ReactNode;
}) {
  return (
    <div className="error-state" role="alert">
      <p className="error-state__title">
        <span aria-hidden="true">✕ </span>
        {title}
      </p>
      {message ? <p className="error-state__message">{message}</p> : null}
      <p className="error-state__next">{next}</p>
      {action ? <div className="error-state__action">{action}</div> : null}
    </div>
  );
}

import type { ReactNode } from 'react';
import { ContainedError } from './ContainedError';

/** A titled section of a page; `age` is the slot for when its data is from (usually a DataAge). */
export function Panel({
  title,
  age,
  actions,
  children,
  id,
}: {
  title: string;
  age?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = `${id ?? slug(title)}-heading`;
  return (
    <section className="panel" aria-labelledby={headingId} id={id}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title}
        </h2>
        {age ? <div className="panel__age">{age}</div> : null}
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">
        <ContainedError what={title}>{children}</ContainedError>
      </div>
    </section>
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

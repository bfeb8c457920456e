'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { clusterPath } from '@/lib/client/cluster-paths';
import { useRequestedMoment } from '@/lib/client/use-as-of';
import { useInBrowser } from '@/lib/client/use-local-time';
import { fromLocalInput, toLocalInput } from '@/lib/client/local-input';

/** The header's time picker: open the current view as of a past moment, compare it with now, or go back to live. */
export function TimeTravel({ cluster }: { cluster: string }) {
  const { at } = useRequestedMoment();
  const router = useRouter();
  const pathname = usePathname() ?? clusterPath(cluster);
  const inBrowser = useInBrowser();
  // What the operator typed; until then the moment shown, in the browser's zone (the server does not know it).
  const [typed, setText] = useState<string | null>(null);
  const text = typed ?? (at !== null && inBrowser ? toLocalInput(at) : '');
  const [problem, setProblem] = useState<string | null>(null);

  const open = (event: FormEvent) => {
    event.preventDefault();
    const ms = fromLocalInput(text);
    if (ms === null) return setProblem('Pick a date and time first.');
    if (ms > Date.now()) return setProblem('That moment is in the future; "Live" shows now.');
    setProblem(null);
    router.push(`${pathname}?at=${ms}`);
  };

  return (
    <form className="time-travel" aria-label="Time" onSubmit={open}>
      <label>
        <span className="sr-only">View as of</span>
        <input type="datetime-local" step={1} value={text} onChange={(event) => setText(event.target.value)} aria-label="View as of" />
      </label>
      <button type="submit">Open</button>
      {at !== null ? (
        <>
          <Link href={clusterPath(cluster, `/compare?at=${at}`)}>Compare with now</Link>
          <button
            type="button"
            onClick={() => {
              setText('');
              router.push(pathname.endsWith('/compare') ? clusterPath(cluster) : pathname);
            }}
          >
            Live
          </button>
        </>
      ) : (
        <span className="time-travel__live" aria-label="Showing live data">
          ● live
        </span>
      )}
      {problem ? (
        <span role="alert" className="time-travel__problem">
          {problem}
        </span>
      ) : null}
    </form>
  );
}

'use client';

import { useState } from 'react';
import type { FailoverApiView } from '@/lib/contract/views';
import { IncidentCard } from './IncidentCard';

/** Incidents whose timelines are drawn; the next ones keep theirs behind a click (a whole-cluster outage opens one per primary). */
export const TIMELINES_DRAWN = 3;
/** Incident cards rendered at first; more on request, so thousands of incidents never reach the DOM at once. */
export const INCIDENTS_PER_STEP = 20;

/** The incidents, newest first, a step at a time. */
export function IncidentList({ incidents, now }: { incidents: FailoverApiView['incidents']; now: number }) {
  const [shown, setShown] = useState(INCIDENTS_PER_STEP);
  const rest = incidents.length - shown;
  return (
    <>
      {incidents.slice(0, shown).map((incident, index) => (
        <IncidentCard key={`${incident.table}/${incident.id}`} incident={incident} now={now} drawTimeline={index < TIMELINES_DRAWN} />
      ))}
      {rest > 0 ? (
        <button type="button" onClick={() => setShown((count) => count + INCIDENTS_PER_STEP)}>
          Show {Math.min(rest, INCIDENTS_PER_STEP)} more of {rest.toLocaleString('en-US')} incidents
        </button>
      ) : null}
    </>
  );
}

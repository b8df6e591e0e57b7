import type { MockApiController, RecordedRequest } from '@org/mock-api';
import { useEffect, useState } from 'react';

/** How long the strip follows the mock's request log after "Expire token now". */
const FOLLOW_MS = 6_000;

/** One step of what the SDK did, in words: never a token value. */
interface Step {
  id: number;
  text: string;
  kind: 'refused' | 'refresh' | 'replay' | 'ok';
}

/**
 * Reads the mock's log since `from` as the SDK's story, one line per step: the requests the server
 * refused, the refresh, the replays (the first of each, and how many more).
 */
function stepsSince(requests: readonly RecordedRequest[], from: number): Step[] {
  const refused = new Set<string>();
  const groups = new Map<Step['kind'], { first: Step; more: number }>();
  const add = (step: Step) => {
    const group = groups.get(step.kind);
    if (group) group.more++;
    else groups.set(step.kind, { first: step, more: 0 });
  };
  for (const request of requests.slice(from)) {
    const what = `${request.method} ${request.path}`;
    // Still on its way: the log has the request, not yet the answer.
    const status = request.status === 0 && !request.fault ? '…' : request.status;
    if (request.route === 'POST /oauth/token') {
      add({ id: request.id, kind: 'refresh', text: `refresh → ${status}` });
    } else if (request.status === 401) {
      refused.add(what);
      add({ id: request.id, kind: 'refused', text: `${what} → 401 (token expired)` });
    } else if (refused.has(what)) {
      refused.delete(what);
      add({ id: request.id, kind: 'replay', text: `replay ${what} → ${status}` });
    }
  }
  return [...groups.values()].map(({ first, more }) =>
    more > 0 ? { ...first, text: `${first.text}, and ${more} more` } : first,
  );
}

/**
 * What happened after "Expire token now", step by step from the mock API's request log:
 * request → 401 → refresh → replay → 200. Shows methods, paths and statuses, never a token.
 */
export function ActivityStrip({ mock, since }: { mock: MockApiController; since: number }) {
  const [steps, setSteps] = useState<Step[]>([]);
  useEffect(() => {
    const started = Date.now();
    const read = () => setSteps(stepsSince(mock.requests, since));
    read();
    const timer = setInterval(() => {
      read();
      if (Date.now() - started > FOLLOW_MS) clearInterval(timer);
    }, 150);
    return () => clearInterval(timer);
  }, [mock, since]);

  return (
    <ol className="activity" aria-label="What the SDK did" aria-live="polite">
      {steps.length === 0 && <li className="muted">waiting for the next request…</li>}
      {steps.map((step) => (
        <li key={step.id} className={step.kind} data-testid={`activity-${step.kind}`}>
          {step.text}
        </li>
      ))}
    </ol>
  );
}

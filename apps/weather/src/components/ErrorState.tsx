import { explain } from './format.js';

/** A failed piece of the page, with a way to try again. */
export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div role="alert" className="error-state">
      <p>{explain(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A one-line error under a control that failed (a mutation), for the user to read and act on. */
export function InlineError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {explain(error)}
    </p>
  );
}

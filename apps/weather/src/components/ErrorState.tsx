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

/** A one-line error under a control that failed (a mutation), for the user to read, act on and dismiss. */
export function InlineError({ error, onDismiss }: { error: Error | null; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <p role="alert" className="error inline-error">
      <span>{explain(error)}</span>
      <button type="button" className="icon" aria-label="Dismiss this message" onClick={onDismiss}>
        ×
      </button>
    </p>
  );
}

import type { ApiError } from '../errors/api-error.js';
import type { SessionEvent, SessionEventType, SessionState } from './session.js';

/** The listeners of one session. A listener that throws cannot break the session or the other listeners. */
export class SessionEvents {
  readonly #listeners = new Set<(event: SessionEvent) => void>();

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(type: SessionEventType, state: SessionState, error?: ApiError): void {
    const event: SessionEvent = error ? { type, state, error } : { type, state };
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (listenerError) {
        console.error('@org/client: a session listener threw', listenerError);
      }
    }
  }
}

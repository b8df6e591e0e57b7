import { AuthError } from '../../errors/auth-error.js';

/** The window name of our popups: the callback page knows by it that it runs in one. */
export const POPUP_NAME = 'org-client-sign-in';

/**
 * Opens the sign-in popup, empty for now. It must run in the click's own task, before anything is
 * awaited, or browsers block it; so it lives apart from the code flow, which loads on demand.
 */
export function openPopup(): Window {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    throw new AuthError('unsupported', 'signInWithPopup() needs a browser window');
  }
  const popup = window.open('', POPUP_NAME, 'popup,width=480,height=680');
  if (!popup) {
    throw new AuthError(
      'popup_blocked',
      'The browser blocked the sign-in popup: call signInWithPopup() from a click handler',
    );
  }
  return popup;
}

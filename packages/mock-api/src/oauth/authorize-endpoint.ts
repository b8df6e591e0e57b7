import { OPENID_SCOPES, SCOPES } from '../identities.js';
import type { RouteContext } from '../internal/route.js';
import type { PendingAuthorization } from './authorizations.js';
import { readForm } from './client-auth.js';
import { LOGIN_PAGE_SCRIPT } from './page-bridge.js';
import {
  errorPage,
  escapeHtml,
  htmlPage,
  isPublicClient,
  isRegisteredUri,
  issuerOf,
  seeOther,
  withParams,
} from './provider.js';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Sign you in with your mock account',
  profile: 'See your name',
  offline_access: 'Stay signed in (a refresh token)',
  'weather:read': 'Read weather and your favorite cities',
  'weather:write': 'Change your favorite cities',
};

/** An error sent back to the app on its redirect URI (RFC 6749 §4.1.2.1), with `iss` (RFC 9207). */
function redirectError(
  context: RouteContext,
  pending: Pick<PendingAuthorization, 'redirectUri' | 'state' | 'responseMode'>,
  error: string,
  description: string,
): Response {
  return seeOther(
    withParams(
      pending.redirectUri,
      {
        error,
        error_description: description,
        state: pending.state,
        iss: issuerOf(context),
      },
      pending.responseMode,
    ),
  );
}

/**
 * `GET /oauth/authorize` (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2): checks the request and shows
 * the login page. An unknown client or an unregistered redirect URI gets an error page, never a
 * redirect (that would be an open redirector); every other problem goes back to the app.
 */
export function authorizePage(context: RouteContext): Response {
  const query = context.url.searchParams;
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) {
      return errorPage(400, 'Invalid sign-in request', `The parameter "${name}" was sent twice.`);
    }
  }
  const clientId = query.get('client_id');
  const client = clientId ? context.state.clients.get(clientId) : undefined;
  if (!client) {
    return errorPage(
      400,
      'Unknown application',
      clientId
        ? `No application is registered as "${clientId}".`
        : 'The request names no client_id.',
    );
  }
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!isRegisteredUri(redirectUri, client.redirectUris)) {
    return errorPage(
      400,
      'Unregistered redirect URI',
      redirectUri
        ? `"${redirectUri}" is not a redirect URI registered for "${client.clientId}".`
        : 'The request has no redirect_uri.',
    );
  }
  const responseModeParam = query.get('response_mode');
  const back = {
    redirectUri,
    state: query.get('state') ?? undefined,
    responseMode: responseModeParam === 'fragment' ? ('fragment' as const) : ('query' as const),
  };
  const refuse = (error: string, description: string) =>
    redirectError(context, back, error, description);

  if (
    responseModeParam !== null &&
    responseModeParam !== 'query' &&
    responseModeParam !== 'fragment'
  )
    return refuse('invalid_request', `response_mode "${responseModeParam}" is not supported`);
  if (!client.grants.includes('authorization_code'))
    return refuse('unauthorized_client', `"${client.clientId}" may not use the authorization code`);
  const responseType = query.get('response_type');
  if (responseType !== 'code')
    return refuse('unsupported_response_type', 'Only response_type=code is supported');
  if (query.has('request') || query.has('request_uri'))
    return refuse('request_not_supported', 'Request objects are not supported');

  const scope = (query.get('scope') ?? '').split(' ').filter(Boolean);
  const known = [...SCOPES, ...OPENID_SCOPES] as readonly string[];
  const unknown = scope.find((s) => !known.includes(s));
  if (unknown) return refuse('invalid_scope', `Unknown scope "${unknown}"`);
  const excess = scope.find(
    (s) => !client.scope.includes(s) && !(OPENID_SCOPES as readonly string[]).includes(s),
  );
  if (excess) return refuse('invalid_scope', `Scope "${excess}" is not allowed for this client`);

  const codeChallenge = query.get('code_challenge') ?? undefined;
  const method = query.get('code_challenge_method');
  if (codeChallenge === undefined) {
    if (isPublicClient(client))
      return refuse('invalid_request', 'PKCE is required: send code_challenge (S256)');
    if (method !== null)
      return refuse('invalid_request', 'code_challenge_method without code_challenge');
  } else {
    if (method !== 'S256')
      return refuse(
        'invalid_request',
        'code_challenge_method must be S256 (plain is not accepted)',
      );
    if (!PKCE_VALUE.test(codeChallenge))
      return refuse('invalid_request', 'code_challenge must be 43 to 128 characters of base64url');
  }
  const prompt = (query.get('prompt') ?? '').split(' ').filter(Boolean);
  // The mock keeps no sign-in session between requests: every authorization asks for the password.
  if (prompt.includes('none'))
    return refuse('login_required', 'The user must sign in (prompt=none cannot be honoured)');

  const pending: Omit<PendingAuthorization, 'expiresAt'> = {
    clientId: client.clientId,
    redirectUri,
    scope,
    state: back.state,
    nonce: query.get('nonce') ?? undefined,
    codeChallenge,
    loginHint: query.get('login_hint') ?? undefined,
    responseMode: back.responseMode,
  };
  const transaction = context.state.authorizations.begin(pending);
  return loginPage(context, transaction, { ...pending, expiresAt: 0 });
}

/**
 * `POST /oauth/authorize`: the login page's form. Right credentials send the user back with a code
 * (303, `code`, `state`, `iss`); wrong ones show the page again with the reason; Cancel sends the
 * app `access_denied`.
 */
export async function authorizeSubmit(context: RouteContext): Promise<Response> {
  const form = await readForm(context.request);
  if (form instanceof Response) {
    return errorPage(
      400,
      'Invalid sign-in form',
      'The form could not be read; start again from the app.',
    );
  }
  const transaction = form.get('transaction') ?? '';
  const pending = context.state.authorizations.pending(transaction);
  if (!pending) {
    return errorPage(
      400,
      'This sign-in has expired',
      'The sign-in page was open too long or was already used. Go back to the application and sign in again.',
    );
  }
  if (form.get('action') === 'cancel') {
    context.state.authorizations.finish(transaction);
    return redirectError(context, pending, 'access_denied', 'The user cancelled the sign-in');
  }
  const username = form.get('username') ?? '';
  const user = context.state.users.get(username);
  if (!user || user.password !== (form.get('password') ?? '')) {
    return loginPage(context, transaction, pending, {
      username,
      error: 'That username and password do not match. Check them and try again.',
    });
  }
  context.state.authorizations.finish(transaction);
  const openid = OPENID_SCOPES as readonly string[];
  // The user's grant: what was asked for, less what this user may not have.
  const scope = pending.scope.filter((s) => openid.includes(s) || user.scope.includes(s));
  const code = context.state.authorizations.issueCode({
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    sub: user.username,
    scope,
    nonce: pending.nonce,
    codeChallenge: pending.codeChallenge,
    authTime: Math.floor(context.state.clock.now() / 1000),
  });
  return seeOther(
    withParams(
      pending.redirectUri,
      { code, state: pending.state, iss: issuerOf(context) },
      pending.responseMode,
    ),
  );
}

function loginPage(
  context: RouteContext,
  transaction: string,
  pending: PendingAuthorization,
  retry?: { username: string; error: string },
): Response {
  const client = pending.clientId;
  const username = retry?.username ?? pending.loginHint ?? '';
  const scopes = pending.scope
    .map(
      (s) =>
        `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)} <span class="muted">(${escapeHtml(s)})</span></li>`,
    )
    .join('\n');
  const focusPassword = username !== '';
  const body = `<h1>Sign in</h1>
<p><strong>${escapeHtml(client)}</strong> wants to use your mock weather account.</p>
${scopes ? `<p>It asks to:</p>\n<ul>\n${scopes}\n</ul>` : ''}
${retry ? `<p role="alert" id="sign-in-error">${escapeHtml(retry.error)}</p>` : ''}
<form method="post" action="${escapeHtml(context.url.pathname)}">
<input type="hidden" name="transaction" value="${escapeHtml(transaction)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username)}"${focusPassword ? '' : ' autofocus'}${retry ? ' aria-describedby="sign-in-error"' : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${focusPassword ? ' autofocus' : ''}${retry ? ' aria-invalid="true" aria-describedby="sign-in-error"' : ''}>
<div class="actions">
<button type="submit" name="action" value="sign-in">Sign in</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>
<p class="muted">Demo accounts: demo / demo (read and write), viewer / viewer (read only).</p>${
    context.state.pageHosted
      ? `
<p role="alert" id="needs-popup" hidden>This mock provider runs inside the application's page, so it can only sign you in in a popup that the application opened (<code>signInWithPopup()</code>). Go back to the application and sign in from there.</p>`
      : ''
  }`;
  return htmlPage('Sign in · org mock API', body, {
    formTargets: [new URL(pending.redirectUri).origin],
    script: LOGIN_PAGE_SCRIPT,
  });
}

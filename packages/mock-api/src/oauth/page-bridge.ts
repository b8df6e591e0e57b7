/**
 * The provider's pages in a popup of a page that runs the mock in-process (the browser adapter).
 *
 * msw's Service Worker answers a request through the page that started it: the popup's first page
 * comes from the opener (which navigated it), but a form the popup posts is the popup's own request,
 * and no mock runs there. So the login page, when its opener is a page of its origin, sends its form
 * through the opener's `fetch` with `BRIDGE_HEADER`; the mock then answers a redirect as JSON
 * (`{ "location": … }`, which a `fetch` could not read from a 303), and the page goes there itself.
 * Without such an opener the form posts as usual, which is what the Node and HTTP adapters serve.
 */

/** The request header that asks for redirects as JSON. */
export const BRIDGE_HEADER = 'x-mock-api-bridge';

/** `response` as the bridge wants it: a redirect becomes `200 { location }`; anything else is kept. */
export function bridged(response: Response): Response {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || location === null) return response;
  return new Response(JSON.stringify({ location }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/**
 * The login page's script. With a same-origin opener it submits forms through the opener (the first
 * submit button as the implicit submitter on Enter), shows a wrong-password answer in place, and
 * follows redirects; with none, on the in-page mock (`#needs-popup` present), it explains why this
 * page cannot sign anyone in instead of letting the form post into the void.
 */
export const LOGIN_PAGE_SCRIPT = `(() => {
  let opener = null;
  try {
    if (window.opener && window.opener !== window && window.opener.location.origin === location.origin) opener = window.opener;
  } catch {}
  const notice = document.getElementById('needs-popup');
  if (!opener) {
    if (notice) {
      notice.hidden = false;
      for (const form of document.forms) form.hidden = true;
    }
    return;
  }
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form, event.submitter)).toString();
    // The attribute: form.action is shadowed by the buttons named "action".
    const target = new URL(form.getAttribute('action') || '', location.href).href;
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    let response;
    try {
      response = await opener.fetch(target, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', '${BRIDGE_HEADER}': '1' },
      });
    } catch {
      for (const button of form.querySelectorAll('button')) button.disabled = false;
      const alert = document.createElement('p');
      alert.setAttribute('role', 'alert');
      alert.textContent = 'The application that opened this page stopped answering. Close this page and sign in again from the application.';
      form.before(alert);
      return;
    }
    if ((response.headers.get('content-type') || '').startsWith('application/json')) {
      const { location: next } = await response.json();
      window.location.replace(next);
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    document.querySelector('[autofocus]')?.focus();
  });
})();`;

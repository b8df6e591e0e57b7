import { createClient } from '@org/client';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  AuthedQueryProvider,
  authedQueryKey,
  clientQueryKey,
  useAuthedMutation,
  useAuthedQuery,
} from '../src/index.js';
import {
  addFavorite,
  BASE,
  favorites,
  makeClient,
  makeQueryClient,
  renderWithClient,
  withMockApi,
} from './helpers.js';

const { controller, server } = withMockApi();

function Favorites() {
  const { data } = useAuthedQuery(favorites);
  return <p>{data ? data.join(', ') : 'none'}</p>;
}

function AddBerlin() {
  const add = useAuthedMutation(addFavorite, { invalidates: [favorites] });
  return (
    <button type="button" onClick={() => add.mutate({ params: { city: 'berlin' } })}>
      {add.isSuccess ? `added ${add.data.city}` : 'add Berlin'}
    </button>
  );
}

function Explicit({ queryClient }: { queryClient: QueryClient }) {
  const { data } = useAuthedQuery(favorites, undefined, {}, queryClient);
  const add = useAuthedMutation(addFavorite, { invalidates: [favorites] }, queryClient);
  return (
    <button type="button" onClick={() => add.mutate({ params: { city: 'berlin' } })}>
      {data ? data.join(', ') : 'none'}
    </button>
  );
}

describe('cache and session', () => {
  it('purges the cache on logout, so the next user never sees the previous one', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const { queryClient } = renderWithClient(<Favorites />, client);
    expect(await screen.findByText('oslo, london, tokyo')).toBeTruthy();

    await act(() => client.session.logout());
    expect(screen.getByText('none')).toBeTruthy();
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .some((q) => q.state.data !== undefined),
    ).toBe(false);

    await act(() => client.session.login({ username: 'viewer', password: 'viewer' }));
    expect(await screen.findByText('new-york, paris')).toBeTruthy();
    expect(screen.queryByText(/oslo/)).toBeNull();
  });

  it('keys queries by principal and drops the old user data when the user changes without a logout', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const { queryClient } = renderWithClient(<Favorites />, client);
    expect(await screen.findByText('oslo, london, tokyo')).toBeTruthy();
    const demoKey = authedQueryKey(client, favorites, undefined);
    expect(demoKey).toEqual([
      '@org/client',
      'https://api.example.com',
      expect.any(Number),
      'GET /v1/favorites',
      'user:demo',
      null,
    ]);

    await act(() => client.session.login({ username: 'viewer', password: 'viewer' }));
    expect(await screen.findByText('new-york, paris')).toBeTruthy();
    expect(queryClient.getQueryData(demoKey)).toBeUndefined();
  });

  it('drops the old user data when opaque (non-JWT) tokens of another user are set', async () => {
    // An API whose tokens are opaque: the client cannot tell whose they are.
    const favoritesOf: Record<string, string[]> = {
      'opaque-token-of-alice': ['oslo'],
      'opaque-token-of-bob': ['paris'],
    };
    server.use(
      http.get(`${BASE}/v1/favorites`, ({ request }) => {
        const list = favoritesOf[request.headers.get('authorization')?.slice(7) ?? ''];
        return list
          ? HttpResponse.json({ favorites: list.map((city) => ({ city })) })
          : HttpResponse.json({}, { status: 401 });
      }),
    );
    const client = makeClient();
    await client.session.setTokens({ accessToken: 'opaque-token-of-alice', expiresIn: 3600 });
    const { queryClient } = renderWithClient(<Favorites />, client);
    expect(await screen.findByText('oslo')).toBeTruthy();
    await act(() =>
      client.session.setTokens({ accessToken: 'opaque-token-of-bob', expiresIn: 3600 }),
    );
    expect(await screen.findByText('paris')).toBeTruthy();
    expect(screen.queryByText('oslo')).toBeNull();
    const cached = queryClient
      .getQueryCache()
      .getAll()
      .map((q) => q.state.data);
    expect(cached).not.toContainEqual(['oslo']);
  });

  it("keeps two clients of one API apart: neither shares nor purges the other's queries", async () => {
    const demo = makeClient();
    const viewer = makeClient();
    await demo.session.setTokens({ accessToken: 'opaque-token-of-alice', expiresIn: 3600 });
    await viewer.session.setTokens({ accessToken: 'opaque-token-of-bob', expiresIn: 3600 });
    server.use(
      http.get(`${BASE}/v1/favorites`, ({ request }) =>
        HttpResponse.json({
          favorites: [
            { city: request.headers.get('authorization')?.includes('alice') ? 'oslo' : 'paris' },
          ],
        }),
      ),
    );
    const queryClient = makeQueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <AuthedQueryProvider client={demo}>
          <Favorites />
        </AuthedQueryProvider>
        <AuthedQueryProvider client={viewer}>
          <Favorites />
        </AuthedQueryProvider>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('oslo')).toBeTruthy();
    expect(await screen.findByText('paris')).toBeTruthy();
    await act(() => demo.session.logout());
    expect(screen.getByText('paris')).toBeTruthy();
    expect(queryClient.getQueryData(authedQueryKey(viewer, favorites, undefined))).toEqual([
      'paris',
    ]);
  });

  it('keys a named client by its name, so a server-rendered twin hydrates, and numbers unnamed ones', () => {
    const named = () => createClient({ baseUrl: BASE, name: 'weather' });
    expect(clientQueryKey(named())).toEqual(clientQueryKey(named()));
    expect(clientQueryKey(named())).toEqual(['@org/client', BASE, 'weather']);
    expect(clientQueryKey(makeClient())).not.toEqual(clientQueryKey(makeClient()));
  });

  it('takes a QueryClient as TanStack hooks do, with no QueryClientProvider at all', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    const queryClient = makeQueryClient();
    render(
      <AuthedQueryProvider client={client} queryClient={queryClient}>
        <Explicit queryClient={queryClient} />
      </AuthedQueryProvider>,
    );
    expect(await screen.findByText('oslo, london, tokyo')).toBeTruthy();
    await act(() => screen.getByRole('button').click());
    expect(await screen.findByText('oslo, london, tokyo, berlin')).toBeTruthy();
    await act(() => client.session.logout());
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .every((q) => q.state.data === undefined),
    ).toBe(true);
  });

  it('cancels in-flight queries on logout', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    controller.injectFault('GET /v1/favorites', { kind: 'latency', ms: 60_000 });
    const { queryClient } = renderWithClient(<Favorites />, client);
    await waitFor(() => expect(queryClient.isFetching()).toBe(1));
    await act(() => client.session.logout());
    expect(queryClient.isFetching()).toBe(0);
    expect(screen.getByText('none')).toBeTruthy();
  });

  it('invalidates related queries after a mutation', async () => {
    const client = makeClient();
    await client.session.login({ username: 'demo', password: 'demo' });
    renderWithClient(
      <>
        <Favorites />
        <AddBerlin />
      </>,
      client,
    );
    expect(await screen.findByText('oslo, london, tokyo')).toBeTruthy();
    await act(() => screen.getByRole('button').click());
    expect(await screen.findByText('added berlin')).toBeTruthy();
    expect(await screen.findByText('oslo, london, tokyo, berlin')).toBeTruthy();
  });
});

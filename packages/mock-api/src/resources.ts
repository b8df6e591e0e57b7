import { authorize } from './bearer-auth.js';
import { apiError, json } from './internal/responses.js';
import type { RouteContext } from './internal/route.js';
import { cities, findCity } from './weather/cities.js';
import type { Units } from './weather/weather-model.js';

const READ = 'weather:read';
const WRITE = 'weather:write';

function cityOf(context: RouteContext) {
  const id = context.params.city ?? '';
  return (
    findCity(id) ??
    apiError(404, 'city_not_found', `Unknown city "${id}"; GET /v1/cities lists the known ones`)
  );
}

function unitsOf(url: URL): Units | Response {
  const units = url.searchParams.get('units') ?? 'metric';
  if (units === 'metric' || units === 'imperial') return units;
  return apiError(400, 'invalid_request', 'units must be "metric" or "imperial"');
}

/** `GET /v1/me`: who the token belongs to. */
export function me(context: RouteContext): Response {
  const grant = authorize(context);
  if (grant instanceof Response) return grant;
  const user = context.state.users.get(grant.sub);
  return json({
    sub: grant.sub,
    kind: user ? 'user' : 'client',
    name: user?.name ?? grant.clientId,
    clientId: grant.clientId,
    scope: grant.scope,
  });
}

/** `GET /v1/cities`: every known city with its coordinates. */
export function listCities(context: RouteContext): Response {
  const grant = authorize(context, READ);
  if (grant instanceof Response) return grant;
  return json({
    cities: cities.map(({ climate: _climate, ...city }) => city),
  });
}

/** What both weather routes need first: read access, a known city and valid units; or the error response. */
function weatherRequest(context: RouteContext) {
  const grant = authorize(context, READ);
  if (grant instanceof Response) return grant;
  const city = cityOf(context);
  if (city instanceof Response) return city;
  const units = unitsOf(context.url);
  if (units instanceof Response) return units;
  return { city, units };
}

/** `GET /v1/weather/current/:city?units=`: the latest observation. */
export async function current(context: RouteContext): Promise<Response> {
  const request = weatherRequest(context);
  if (request instanceof Response) return request;
  return json(
    await context.state.weather.current(request.city, context.state.clock.now(), request.units),
  );
}

/** `GET /v1/weather/forecast/:city?hours=1..48&units=`: an hourly forecast (24 hours by default). */
export async function hourlyForecast(context: RouteContext): Promise<Response> {
  const request = weatherRequest(context);
  if (request instanceof Response) return request;
  const { city, units } = request;
  const rawHours = context.url.searchParams.get('hours') ?? '24';
  const hours = /^\d{1,2}$/.test(rawHours) ? Number(rawHours) : Number.NaN;
  if (!(hours >= 1 && hours <= 48)) {
    return apiError(400, 'invalid_request', 'hours must be a whole number from 1 to 48');
  }
  return json(await context.state.weather.forecast(city, context.state.clock.now(), hours, units));
}

function favoritesOf(context: RouteContext, sub: string): Map<string, number> {
  let favorites = context.state.favorites.get(sub);
  if (!favorites) {
    favorites = new Map();
    context.state.favorites.set(sub, favorites);
  }
  return favorites;
}

const favoriteBody = (city: string, addedAt: number) => ({
  city,
  addedAt: new Date(addedAt).toISOString(),
});

/** `GET /v1/favorites`: the caller's favorite cities, oldest first. */
export function listFavorites(context: RouteContext): Response {
  const grant = authorize(context, READ);
  if (grant instanceof Response) return grant;
  const favorites = [...favoritesOf(context, grant.sub)].map(([city, addedAt]) =>
    favoriteBody(city, addedAt),
  );
  return json({ favorites });
}

/** `GET /v1/favorites/:city`: one favorite, or 404. */
export function getFavorite(context: RouteContext): Response {
  const grant = authorize(context, READ);
  if (grant instanceof Response) return grant;
  const city = cityOf(context);
  if (city instanceof Response) return city;
  const addedAt = favoritesOf(context, grant.sub).get(city.id);
  if (addedAt === undefined)
    return apiError(404, 'not_a_favorite', `"${city.id}" is not a favorite`);
  return json(favoriteBody(city.id, addedAt));
}

/** `PUT /v1/favorites/:city`: adds a favorite (idempotent); 201 when new, 200 when already there. */
export function putFavorite(context: RouteContext): Response {
  const grant = authorize(context, WRITE);
  if (grant instanceof Response) return grant;
  const city = cityOf(context);
  if (city instanceof Response) return city;
  const favorites = favoritesOf(context, grant.sub);
  const existing = favorites.get(city.id);
  if (existing !== undefined) return json(favoriteBody(city.id, existing));
  const now = context.state.clock.now();
  favorites.set(city.id, now);
  return json(favoriteBody(city.id, now), { status: 201 });
}

/** `POST /v1/favorites` with a JSON body `{ "city": "oslo" }`: adds a favorite, like `PUT /v1/favorites/:city`. */
export async function postFavorite(context: RouteContext): Promise<Response> {
  const grant = authorize(context, WRITE);
  if (grant instanceof Response) return grant;
  if (!/^application\/(.+\+)?json\b/i.test(context.request.headers.get('content-type') ?? '')) {
    return apiError(415, 'unsupported_media_type', 'The body must be JSON');
  }
  let body: unknown;
  try {
    body = await context.request.json();
  } catch {
    return apiError(400, 'invalid_request', 'The body is not valid JSON');
  }
  const id = (body as { city?: unknown } | null)?.city;
  if (typeof id !== 'string')
    return apiError(400, 'invalid_request', 'The body needs a "city" string');
  return putFavorite({ ...context, params: { ...context.params, city: id } });
}

/** `DELETE /v1/favorites/:city`: removes a favorite; 204 whether or not it was one. */
export function deleteFavorite(context: RouteContext): Response {
  const grant = authorize(context, WRITE);
  if (grant instanceof Response) return grant;
  const city = cityOf(context);
  if (city instanceof Response) return city;
  favoritesOf(context, grant.sub).delete(city.id);
  return new Response(null, { status: 204 });
}

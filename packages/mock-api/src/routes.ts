import type { RouteResolver } from './internal/route.js';
import { authorizePage, authorizeSubmit } from './oauth/authorize-endpoint.js';
import { discovery, endSession, jwks, userinfo } from './oauth/openid-endpoints.js';
import { revokeEndpoint } from './oauth/revoke-endpoint.js';
import { tokenEndpoint } from './oauth/token-endpoint.js';
import {
  current,
  deleteFavorite,
  getFavorite,
  hourlyForecast,
  listCities,
  listFavorites,
  me,
  postFavorite,
  putFavorite,
} from './resources.js';

/** Every route of the mock API, as `METHOD /path`, and what answers it: the one list of routes. */
export const routeTable = {
  'GET /.well-known/openid-configuration': discovery,
  'GET /.well-known/oauth-authorization-server': discovery,
  'GET /oauth/authorize': authorizePage,
  'POST /oauth/authorize': authorizeSubmit,
  'POST /oauth/token': tokenEndpoint,
  'POST /oauth/revoke': revokeEndpoint,
  'GET /oauth/jwks': jwks,
  'GET /oauth/userinfo': userinfo,
  'POST /oauth/userinfo': userinfo,
  'GET /oauth/logout': endSession,
  'GET /v1/me': me,
  'GET /v1/cities': listCities,
  'GET /v1/weather/current/:city': current,
  'GET /v1/weather/forecast/:city': hourlyForecast,
  'GET /v1/favorites': listFavorites,
  'POST /v1/favorites': postFavorite,
  'GET /v1/favorites/:city': getFavorite,
  'PUT /v1/favorites/:city': putFavorite,
  'DELETE /v1/favorites/:city': deleteFavorite,
} as const satisfies Record<string, RouteResolver>;

/** A route of the mock API, as `METHOD /path`. */
export type RouteName = keyof typeof routeTable;

/** Every route of the mock API, as `METHOD /path`. */
export const ROUTES = Object.keys(routeTable) as readonly RouteName[];

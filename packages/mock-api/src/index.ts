export { MockClock } from './clock.js';
export type { MockApiController, MockApiOptions } from './controller.js';
export { createMockApi, type MockApi } from './create-mock-api.js';
export type { Fault } from './faults.js';
export {
  defaultTokenLifetimes,
  demoIdentities,
  type MockClient,
  type MockUser,
  SCOPES,
} from './identities.js';
export type { TokenResponse, TokenStatus } from './oauth/token-store.js';
export type { RateLimit } from './rate-limiter.js';
export type { RecordedRequest } from './request-log.js';
export { ROUTES, type RouteName } from './routes.js';
export { type City, cities } from './weather/cities.js';
export { conditionsOfWmo, type OpenMeteoOptions, openMeteoWeather } from './weather/open-meteo.js';
export type {
  Conditions,
  CurrentWeather,
  Forecast,
  ForecastHour,
  Units,
} from './weather/weather-model.js';
export { simulatedWeather, type WeatherSource } from './weather/weather-source.js';

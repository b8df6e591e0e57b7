import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { openMeteoWeather } from '../src/weather/open-meteo.js';
import { api, login, useMockApi } from './helpers.js';

const UPSTREAM = 'https://api.open-meteo.com/v1/forecast';
/** 49 hourly rows from 12:00 GMT, in Open-Meteo's documented response format. */
function openMeteoBody() {
  const time = Array.from({ length: 49 }, (_, i) =>
    new Date(Date.parse('2026-06-01T12:00:00Z') + i * 3_600_000).toISOString().slice(0, 16),
  );
  return {
    latitude: 59.91,
    longitude: 10.75,
    timezone: 'GMT',
    current_units: { temperature_2m: '°C', wind_speed_10m: 'm/s' },
    current: {
      time: '2026-06-01T12:15',
      interval: 900,
      temperature_2m: 17.3,
      relative_humidity_2m: 61,
      apparent_temperature: 16.1,
      is_day: 1,
      precipitation: 0.2,
      weather_code: 61,
      cloud_cover: 88,
      wind_speed_10m: 4.4,
      wind_direction_10m: 215,
    },
    hourly_units: { time: 'iso8601' },
    hourly: {
      time,
      temperature_2m: time.map((_, i) => 15 + i / 10),
      apparent_temperature: time.map((_, i) => 14 + i / 10),
      relative_humidity_2m: time.map(() => 70),
      precipitation_probability: time.map((_, i) => (i * 7) % 100),
      weather_code: time.map((_, i) => (i % 2 === 0 ? 0 : 95)),
      wind_speed_10m: time.map(() => 3),
    },
  };
}

const { server } = useMockApi({ now: '2026-06-01T12:20:00Z', weather: openMeteoWeather() });

describe('weather from Open-Meteo (msw answering its documented format)', () => {
  it('maps current conditions, WMO codes and units', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(UPSTREAM, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(openMeteoBody());
      }),
    );
    const { access_token } = await login();
    const { body } = await api('/v1/weather/current/oslo', access_token);
    expect(asked?.searchParams.get('latitude')).toBe('59.9139');
    expect(asked?.searchParams.get('wind_speed_unit')).toBe('ms');
    expect(body).toEqual({
      city: 'oslo',
      name: 'Oslo',
      country: 'NO',
      units: 'metric',
      temperature: 17.3,
      feelsLike: 16.1,
      humidity: 61,
      windSpeed: 4.4,
      windDirection: 215,
      cloudCover: 88,
      precipitation: 0.2,
      conditions: 'rain',
      isDay: true,
      observedAt: '2026-06-01T12:15:00.000Z',
      source: 'open-meteo',
    });
    const imperial = await api('/v1/weather/current/oslo?units=imperial', access_token);
    expect(imperial.body).toMatchObject({ temperature: 63.1, windSpeed: 9.8 });
  });

  it('serves the forecast from the next hour on', async () => {
    server.use(http.get(UPSTREAM, () => HttpResponse.json(openMeteoBody())));
    const { access_token } = await login();
    const { body } = await api('/v1/weather/forecast/oslo?hours=3', access_token);
    expect(body.source).toBe('open-meteo');
    expect(body.hours).toEqual([
      expect.objectContaining({
        time: '2026-06-01T13:00:00.000Z',
        temperature: 15.1,
        conditions: 'thunderstorm',
        precipitationProbability: 7,
      }),
      expect.objectContaining({
        time: '2026-06-01T14:00:00.000Z',
        temperature: 15.2,
        conditions: 'clear',
      }),
      expect.objectContaining({ time: '2026-06-01T15:00:00.000Z', temperature: 15.3 }),
    ]);
  });

  it.each([
    ['unreachable', 'tokyo', () => HttpResponse.error()],
    [
      'failing',
      'paris',
      () => HttpResponse.json({ error: true, reason: 'overloaded' }, { status: 503 }),
    ],
    ['answering something else', 'berlin', () => HttpResponse.json({ hello: 'world' })],
  ])('falls back to simulated values when the upstream is %s', async (_case, city, resolver) => {
    let asked = 0;
    server.use(
      http.get(UPSTREAM, () => {
        asked++;
        return resolver();
      }),
    );
    const { access_token } = await login();
    const current = await api(`/v1/weather/current/${city}`, access_token);
    expect(current.status).toBe(200);
    expect(current.body.source).toBe('simulated');
    expect(asked).toBe(1);
    const forecast = await api(`/v1/weather/forecast/${city}?hours=5`, access_token);
    expect(asked).toBe(1); // the failure is remembered: no second upstream request within a minute
    expect(forecast.body).toMatchObject({ source: 'simulated' });
    expect(forecast.body.hours).toHaveLength(5);
  });
});

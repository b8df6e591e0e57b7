import type { City } from './cities.js';
import type { Conditions, CurrentWeather, Forecast, ForecastHour, Units } from './weather-model.js';
import { simulatedWeather, type WeatherSource } from './weather-source.js';

/** Options of `openMeteoWeather`. */
export interface OpenMeteoOptions {
  /** Default `https://api.open-meteo.com`. */
  baseUrl?: string;
  /** Give up on the upstream after this many ms and use the simulation. Default 4000. */
  timeoutMs?: number;
  /** Reuse an upstream answer for this long. Default 60 s (Open-Meteo updates every 15 minutes). */
  cacheMs?: number;
  fetch?: typeof fetch;
  /** Called when the upstream fails and simulated values are served instead. */
  onFallback?: (city: City, reason: string) => void;
}

interface OpenMeteoResponse {
  current: Record<string, number | string>;
  hourly: Record<string, Array<number | null> | string[]>;
}

const CURRENT =
  'temperature_2m,relative_humidity_2m,apparent_temperature,is_day,precipitation,weather_code,cloud_cover,wind_speed_10m,wind_direction_10m';
const HOURLY =
  'temperature_2m,apparent_temperature,relative_humidity_2m,precipitation_probability,weather_code,wind_speed_10m';

/** WMO weather interpretation codes, as Open-Meteo documents them, in our vocabulary. */
export function conditionsOfWmo(code: number): Conditions {
  if (code === 0) return 'clear';
  if (code <= 2) return 'partly-cloudy';
  if (code === 3) return 'cloudy';
  if (code === 45 || code === 48) return 'fog';
  if (code >= 51 && code <= 57) return 'drizzle';
  if ((code >= 61 && code <= 67) || (code >= 80 && code <= 82)) return 'rain';
  if ((code >= 71 && code <= 77) || code === 85 || code === 86) return 'snow';
  if (code >= 95) return 'thunderstorm';
  return 'cloudy';
}

/** Open-Meteo's GMT times (`2026-06-01T12:00`) as ISO 8601 UTC. */
const utc = (time: string) => new Date(`${time}:00Z`).toISOString();
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const temperature = (celsius: number, units: Units) =>
  round(units === 'imperial' ? celsius * 1.8 + 32 : celsius);
const speed = (ms: number, units: Units) => round(units === 'imperial' ? ms * 2.23694 : ms);

function number(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`upstream field ${key} is missing`);
  return value;
}

/**
 * Real weather from Open-Meteo's public forecast API (no key needed), falling back to the
 * simulation whenever the upstream cannot be reached or answers something unexpected.
 */
export function openMeteoWeather(options: OpenMeteoOptions = {}): WeatherSource {
  const {
    baseUrl = 'https://api.open-meteo.com',
    timeoutMs = 4_000,
    cacheMs = 60_000,
    onFallback,
  } = options;
  const cache = new Map<string, { at: number; data: Promise<OpenMeteoResponse> }>();

  const load = (city: City, now: number): Promise<OpenMeteoResponse> => {
    const cached = cache.get(city.id);
    if (cached && now - cached.at < cacheMs) return cached.data;
    const url = new URL('/v1/forecast', baseUrl);
    url.search = new URLSearchParams({
      latitude: String(city.latitude),
      longitude: String(city.longitude),
      current: CURRENT,
      hourly: HOURLY,
      forecast_hours: '49',
      wind_speed_unit: 'ms',
      timezone: 'GMT',
    }).toString();
    const data = (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
      async (response) => {
        if (!response.ok) throw new Error(`upstream answered ${response.status}`);
        const body = (await response.json()) as OpenMeteoResponse;
        if (!body?.current || !body?.hourly || !Array.isArray(body.hourly.time))
          throw new Error('upstream answer has no current or hourly data');
        return body;
      },
    );
    // A failure is remembered as long as an answer would be, so an unreachable upstream costs one
    // timeout per city per minute, not one per request.
    cache.set(city.id, { at: now, data });
    data.catch(() => undefined);
    return data;
  };

  const fallback = <T>(city: City, error: unknown, simulated: () => Promise<T>) => {
    onFallback?.(city, error instanceof Error ? error.message : String(error));
    return simulated();
  };

  return {
    async current(city, now, units) {
      try {
        const { current } = await load(city, now);
        const result: CurrentWeather = {
          city: city.id,
          name: city.name,
          country: city.country,
          units,
          temperature: temperature(number(current, 'temperature_2m'), units),
          feelsLike: temperature(number(current, 'apparent_temperature'), units),
          humidity: Math.round(number(current, 'relative_humidity_2m')),
          windSpeed: speed(number(current, 'wind_speed_10m'), units),
          windDirection: Math.round(number(current, 'wind_direction_10m')) % 360,
          cloudCover: Math.round(number(current, 'cloud_cover')),
          precipitation: round(
            units === 'imperial'
              ? number(current, 'precipitation') / 25.4
              : number(current, 'precipitation'),
            2,
          ),
          conditions: conditionsOfWmo(number(current, 'weather_code')),
          isDay: current.is_day !== 0,
          observedAt: utc(String(current.time)),
          source: 'open-meteo',
        };
        return result;
      } catch (error) {
        return fallback(city, error, () => simulatedWeather.current(city, now, units));
      }
    },
    async forecast(city, now, hours, units) {
      try {
        const { hourly } = await load(city, now);
        const times = hourly.time as string[];
        const column = (key: string) => {
          const values = hourly[key];
          if (!Array.isArray(values) || values.length !== times.length)
            throw new Error(`upstream hourly ${key} is missing`);
          return values as Array<number | null>;
        };
        const [temp, feels, humidity, rain, code, wind] = [
          column('temperature_2m'),
          column('apparent_temperature'),
          column('relative_humidity_2m'),
          column('precipitation_probability'),
          column('weather_code'),
          column('wind_speed_10m'),
        ];
        const rows: ForecastHour[] = [];
        for (let i = 0; i < times.length && rows.length < hours; i++) {
          const time = utc(times[i] ?? '');
          if (Date.parse(time) <= now) continue;
          rows.push({
            time,
            temperature: temperature(temp[i] ?? 0, units),
            feelsLike: temperature(feels[i] ?? temp[i] ?? 0, units),
            humidity: Math.round(humidity[i] ?? 0),
            windSpeed: speed(wind[i] ?? 0, units),
            precipitationProbability: Math.round(rain[i] ?? 0),
            conditions: conditionsOfWmo(code[i] ?? 3),
          });
        }
        if (rows.length < hours) throw new Error('upstream forecast is too short');
        const result: Forecast = {
          city: city.id,
          name: city.name,
          country: city.country,
          units,
          timezone: city.timezone,
          generatedAt: new Date(now).toISOString(),
          hours: rows,
          source: 'open-meteo',
        };
        return result;
      } catch (error) {
        return fallback(city, error, () => simulatedWeather.forecast(city, now, hours, units));
      }
    },
  };
}

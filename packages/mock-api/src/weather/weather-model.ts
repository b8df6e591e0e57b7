import type { City } from './cities.js';

/** Unit system of a weather response: metric (°C, m/s, mm/h) or imperial (°F, mph, in/h). */
export type Units = 'metric' | 'imperial';

/** Sky and precipitation summary of an observation or forecast hour. */
export type Conditions =
  | 'clear'
  | 'partly-cloudy'
  | 'cloudy'
  | 'fog'
  | 'drizzle'
  | 'rain'
  | 'snow'
  | 'thunderstorm';

/** The body of `GET /v1/weather/current/:city`. */
export interface CurrentWeather {
  city: string;
  name: string;
  country: string;
  units: Units;
  temperature: number;
  feelsLike: number;
  /** Relative humidity, percent. */
  humidity: number;
  windSpeed: number;
  /** Degrees clockwise from north, the direction the wind blows from. */
  windDirection: number;
  /** Cloud cover, percent. */
  cloudCover: number;
  precipitation: number;
  conditions: Conditions;
  /** Whether the sun is up in the city at the time of the observation. */
  isDay: boolean;
  /** ISO 8601 time of the observation; simulated observations are taken every 10 seconds. */
  observedAt: string;
  /** Where the values come from: the simulation, or Open-Meteo (with `--upstream open-meteo`). */
  source: 'simulated' | 'open-meteo';
}

/** One hour of `GET /v1/weather/forecast/:city`. */
export interface ForecastHour {
  time: string;
  temperature: number;
  feelsLike: number;
  humidity: number;
  windSpeed: number;
  /** Chance of precipitation, percent. */
  precipitationProbability: number;
  conditions: Conditions;
}

/** The body of `GET /v1/weather/forecast/:city`. */
export interface Forecast {
  city: string;
  name: string;
  country: string;
  units: Units;
  /** The city's IANA time zone (`Europe/Oslo`): show the hours in it. */
  timezone: string;
  generatedAt: string;
  hours: ForecastHour[];
  /** Where the values come from: the simulation, or Open-Meteo. */
  source: 'simulated' | 'open-meteo';
}

/** Observations are refreshed this often, so polling sees values move. */
export const OBSERVATION_INTERVAL_MS = 10_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** FNV-1a over a string, mapped to [0, 1): the seed of every random-looking value. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 2 ** 32;
}

/** Smooth value noise in [0, 1): deterministic for a channel and time, varying over `periodMs`. */
function noise(channel: string, time: number, periodMs: number): number {
  const position = time / periodMs;
  const cell = Math.floor(position);
  const blend = (1 - Math.cos((position - cell) * Math.PI)) / 2;
  const a = hash(`${channel}:${cell}`);
  const b = hash(`${channel}:${cell + 1}`);
  return a + (b - a) * blend;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const round = (value: number, digits = 1) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

interface Sample {
  isDay: boolean;
  temperature: number;
  feelsLike: number;
  humidity: number;
  windSpeed: number;
  windDirection: number;
  cloudCover: number;
  precipitation: number;
  conditions: Conditions;
}

/** The simulated state of the weather in a city at a time, in metric units. */
function sample(city: City, time: number): Sample {
  const { mean, seasonalSwing, dailySwing, humidity: baseHumidity } = city.climate;
  const dayOfYear = (((time % (365.25 * DAY)) + 365.25 * DAY) % (365.25 * DAY)) / DAY;
  const hemisphere = city.latitude < 0 ? -1 : 1;
  const season = hemisphere * Math.cos((2 * Math.PI * (dayOfYear - 201)) / 365.25);
  const solarHour = ((((time % DAY) / HOUR + city.longitude / 15) % 24) + 24) % 24;
  const daily = Math.cos((2 * Math.PI * (solarHour - 15)) / 24);

  const id = city.id;
  const cloud = clamp(noise(`${id}:cloud`, time, 5 * HOUR) * 1.1 + (baseHumidity - 70) / 200, 0, 1);
  const temperature =
    mean +
    seasonalSwing * season +
    dailySwing * daily * (1 - cloud * 0.4) +
    (noise(`${id}:temp`, time, 6 * HOUR) - 0.5) * 5 +
    (noise(`${id}:temp-fast`, time, 40 * 60_000) - 0.5) * 0.8 +
    // What a thermometer shows minute to minute: a few tenths up and down, so a polling screen moves.
    (noise(`${id}:temp-minute`, time, 70_000) - 0.5) * 0.7;
  const humidity = clamp(
    baseHumidity +
      (cloud - 0.5) * 30 -
      dailySwing * daily * 1.5 +
      (noise(`${id}:hum`, time, 3 * HOUR) - 0.5) * 8 +
      (noise(`${id}:hum-minute`, time, 90_000) - 0.5) * 3,
    12,
    100,
  );
  const windSpeed =
    0.5 +
    noise(`${id}:wind`, time, 4 * HOUR) * 9 +
    noise(`${id}:gust`, time, 15 * 60_000) * 1.5 +
    noise(`${id}:gust-minute`, time, 50_000) * 1.2;
  const windDirection = noise(`${id}:dir`, time, 12 * HOUR) * 360;
  const precipitation =
    cloud > 0.72 ? ((cloud - 0.72) / 0.28) * 6 * (0.3 + noise(`${id}:rain`, time, HOUR) * 0.7) : 0;

  return {
    isDay: solarHour >= 6 && solarHour < 18,
    temperature,
    feelsLike: feelsLike(temperature, windSpeed, humidity),
    humidity,
    windSpeed,
    windDirection,
    cloudCover: cloud * 100,
    precipitation,
    conditions: conditionsOf(temperature, cloud, humidity, windSpeed, precipitation),
  };
}

function conditionsOf(
  temperature: number,
  cloud: number,
  humidity: number,
  windSpeed: number,
  precipitation: number,
): Conditions {
  if (precipitation > 0.05) {
    if (temperature <= 0.5) return 'snow';
    if (precipitation > 4 && temperature > 18) return 'thunderstorm';
    return precipitation < 0.6 ? 'drizzle' : 'rain';
  }
  if (humidity > 94 && windSpeed < 2) return 'fog';
  if (cloud > 0.65) return 'cloudy';
  if (cloud > 0.35) return 'partly-cloudy';
  return 'clear';
}

/** Apparent temperature: wind chill when cold and windy, heat index when hot, else the air temperature. */
function feelsLike(celsius: number, windSpeed: number, humidity: number): number {
  const kmh = windSpeed * 3.6;
  if (celsius <= 10 && kmh > 4.8) {
    const v = kmh ** 0.16;
    return 13.12 + 0.6215 * celsius - 11.37 * v + 0.3965 * celsius * v;
  }
  if (celsius >= 27) {
    const f = celsius * 1.8 + 32;
    const rh = humidity;
    const heatIndex =
      -42.379 +
      2.04901523 * f +
      10.14333127 * rh -
      0.22475541 * f * rh -
      0.00683783 * f * f -
      0.05481717 * rh * rh +
      0.00122874 * f * f * rh +
      0.00085282 * f * rh * rh -
      0.00000199 * f * f * rh * rh;
    return (heatIndex - 32) / 1.8;
  }
  return celsius;
}

function inUnits(value: Sample, units: Units) {
  const imperial = units === 'imperial';
  const temperature = (c: number) => round(imperial ? c * 1.8 + 32 : c);
  return {
    temperature: temperature(value.temperature),
    feelsLike: temperature(value.feelsLike),
    humidity: Math.round(value.humidity),
    windSpeed: round(imperial ? value.windSpeed * 2.23694 : value.windSpeed),
    windDirection: Math.round(value.windDirection) % 360,
    cloudCover: Math.round(value.cloudCover),
    precipitation: round(imperial ? value.precipitation / 25.4 : value.precipitation, 2),
    conditions: value.conditions,
    isDay: value.isDay,
  };
}

/** The current observation for a city: deterministic for a city and a clock time. */
export function currentWeather(city: City, now: number, units: Units = 'metric'): CurrentWeather {
  const observedAt = Math.floor(now / OBSERVATION_INTERVAL_MS) * OBSERVATION_INTERVAL_MS;
  return {
    city: city.id,
    name: city.name,
    country: city.country,
    units,
    ...inUnits(sample(city, observedAt), units),
    observedAt: new Date(observedAt).toISOString(),
    source: 'simulated',
  };
}

/** An hourly forecast for the next `hours` hours, starting at the next full hour. */
export function forecast(
  city: City,
  now: number,
  hours: number,
  units: Units = 'metric',
): Forecast {
  const firstHour = Math.floor(now / HOUR) * HOUR + HOUR;
  return {
    city: city.id,
    name: city.name,
    country: city.country,
    units,
    timezone: city.timezone,
    generatedAt: new Date(now).toISOString(),
    hours: Array.from({ length: hours }, (_, i) => {
      const time = firstHour + i * HOUR;
      const value = sample(city, time);
      const {
        windDirection: _direction,
        cloudCover: _cloud,
        precipitation: _rain,
        ...rest
      } = inUnits(value, units);
      return {
        time: new Date(time).toISOString(),
        ...rest,
        precipitationProbability: Math.round(clamp((value.cloudCover - 55) * 2.4, 0, 100)),
      };
    }),
    source: 'simulated',
  };
}

import { describe, expect, it } from 'vitest';
import { cities, findCity } from '../src/weather/cities.js';
import { currentWeather, forecast } from '../src/weather/weather-model.js';

const oslo = findCity('oslo');
const singapore = findCity('Singapore');
const noon = Date.parse('2026-07-01T12:00:00Z');

describe('weather model', () => {
  it('knows 20+ cities with unique ids and real coordinates', () => {
    expect(cities.length).toBeGreaterThanOrEqual(20);
    expect(new Set(cities.map((c) => c.id)).size).toBe(cities.length);
    for (const city of cities) {
      expect(Math.abs(city.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(city.longitude)).toBeLessThanOrEqual(180);
    }
  });

  it('is deterministic for a city and a time', () => {
    if (!oslo) throw new Error('oslo missing');
    expect(currentWeather(oslo, noon)).toEqual(currentWeather(oslo, noon + 9_999));
    expect(forecast(oslo, noon, 48)).toEqual(forecast(oslo, noon, 48));
  });

  it('takes a new observation every 10 seconds, and values move over time', () => {
    if (!oslo) throw new Error('oslo missing');
    const later = currentWeather(oslo, noon + 10_000);
    expect(later.observedAt).toBe('2026-07-01T12:00:10.000Z');
    const temperatures = new Set(
      Array.from({ length: 60 }, (_, i) => currentWeather(oslo, noon + i * 600_000).temperature),
    );
    expect(temperatures.size).toBeGreaterThan(20);
  });

  it('gives plausible values: a daily curve, warm tropics, cold northern winters', () => {
    if (!oslo || !singapore) throw new Error('city missing');
    for (const city of cities) {
      for (let hour = 0; hour < 24 * 365; hour += 97) {
        const w = currentWeather(city, Date.parse('2026-01-01T00:00:00Z') + hour * 3_600_000);
        expect(w.temperature).toBeGreaterThan(-30);
        expect(w.temperature).toBeLessThan(50);
        expect(w.humidity).toBeGreaterThanOrEqual(0);
        expect(w.humidity).toBeLessThanOrEqual(100);
        expect(w.windSpeed).toBeGreaterThanOrEqual(0);
        expect(w.windDirection).toBeGreaterThanOrEqual(0);
        expect(w.windDirection).toBeLessThan(360);
      }
    }
    const mean = (city: typeof oslo, month: string) => {
      const day = Date.parse(`2026-${month}-15T00:00:00Z`);
      const values = Array.from(
        { length: 24 },
        (_, h) => currentWeather(city, day + h * 3_600_000).temperature,
      );
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean(oslo, '07')).toBeGreaterThan(mean(oslo, '01') + 10);
    expect(mean(singapore, '01')).toBeGreaterThan(24);
    // Afternoon is warmer than the small hours (solar time, averaged over a month of days).
    const at = (hourUtc: number) =>
      Array.from(
        { length: 30 },
        (_, d) =>
          currentWeather(
            singapore,
            Date.parse('2026-03-01T00:00:00Z') + d * 86_400_000 + hourUtc * 3_600_000,
          ).temperature,
      ).reduce((a, b) => a + b, 0) / 30;
    expect(at(7)).toBeGreaterThan(at(21) + 3); // 15:00 vs 05:00 in Singapore
  });

  it("says whether the sun is up, by the city's solar time", () => {
    if (!oslo || !singapore) throw new Error('city missing');
    // 12:00 UTC is about 12:43 solar time in Oslo and 18:53 in Singapore.
    expect(currentWeather(oslo, noon).isDay).toBe(true);
    expect(currentWeather(singapore, noon).isDay).toBe(false);
    expect(currentWeather(oslo, Date.parse('2026-07-01T02:00:00Z')).isDay).toBe(false);
  });

  it('converts to imperial units', () => {
    if (!oslo) throw new Error('oslo missing');
    const metric = currentWeather(oslo, noon, 'metric');
    const imperial = currentWeather(oslo, noon, 'imperial');
    expect(imperial.temperature).toBeCloseTo(metric.temperature * 1.8 + 32, 0);
    expect(imperial.windSpeed).toBeCloseTo(metric.windSpeed * 2.23694, 0);
  });

  it('forecasts hour by hour from the next full hour', () => {
    if (!oslo) throw new Error('oslo missing');
    const result = forecast(oslo, noon + 1_234, 3);
    expect(result.hours.map((h) => h.time)).toEqual([
      '2026-07-01T13:00:00.000Z',
      '2026-07-01T14:00:00.000Z',
      '2026-07-01T15:00:00.000Z',
    ]);
    for (const hour of result.hours) {
      expect(hour.precipitationProbability).toBeGreaterThanOrEqual(0);
      expect(hour.precipitationProbability).toBeLessThanOrEqual(100);
    }
  });
});

describe('a screen that polls sees the weather move', () => {
  it('changes what a card shows (temperature to 0.1°, humidity, wind) within 40 s, for every city', () => {
    const start = Date.parse('2026-06-01T12:00:00Z');
    for (const city of cities) {
      for (let hour = 0; hour < 24; hour += 5) {
        const shown = (offset: number) => {
          const now = currentWeather(city, start + hour * 3_600_000 + offset);
          return `${now.temperature.toFixed(1)} ${now.humidity} ${now.windSpeed.toFixed(1)}`;
        };
        const seen = new Set([0, 10_000, 20_000, 30_000, 40_000].map(shown));
        expect(seen.size, `${city.id} at hour ${hour}`).toBeGreaterThan(1);
      }
    }
  });

  it('names the city’s time zone in the forecast', () => {
    const oslo = cities.find((c) => c.id === 'oslo');
    expect(oslo && forecast(oslo, Date.now(), 3).timezone).toBe('Europe/Oslo');
  });
});

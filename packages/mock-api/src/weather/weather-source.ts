import type { City } from './cities.js';
import {
  type CurrentWeather,
  currentWeather,
  type Forecast,
  forecast,
  type Units,
} from './weather-model.js';

/** Where weather values come from: the simulation, or a real upstream. */
export interface WeatherSource {
  current(city: City, now: number, units: Units): Promise<CurrentWeather>;
  forecast(city: City, now: number, hours: number, units: Units): Promise<Forecast>;
}

/** The deterministic simulation (the default): no network, same values for the same clock. */
export const simulatedWeather: WeatherSource = {
  current: async (city, now, units) => currentWeather(city, now, units),
  forecast: async (city, now, hours, units) => forecast(city, now, hours, units),
};

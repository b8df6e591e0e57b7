/** A city the mock weather API knows, with the climate its simulated weather follows. */
export interface City {
  /** URL-safe identifier used in paths, e.g. `oslo`. */
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  latitude: number;
  longitude: number;
  /** IANA time zone. */
  timezone: string;
  /** Climate used by the simulation: annual mean (°C), half the summer–winter swing (°C), half the day–night swing (°C), mean relative humidity (%). */
  climate: { mean: number; seasonalSwing: number; dailySwing: number; humidity: number };
}

const city = (
  id: string,
  name: string,
  country: string,
  latitude: number,
  longitude: number,
  timezone: string,
  [mean, seasonalSwing, dailySwing, humidity]: [number, number, number, number],
): City => ({
  id,
  name,
  country,
  latitude,
  longitude,
  timezone,
  climate: { mean, seasonalSwing, dailySwing, humidity },
});

/** The cities served by `GET /v1/cities`, with real coordinates. */
export const cities: readonly City[] = [
  city('oslo', 'Oslo', 'NO', 59.9139, 10.7522, 'Europe/Oslo', [6.3, 10.5, 4, 74]),
  city('london', 'London', 'GB', 51.5074, -0.1278, 'Europe/London', [11.3, 6.8, 4, 76]),
  city('paris', 'Paris', 'FR', 48.8566, 2.3522, 'Europe/Paris', [12.3, 7.9, 4.5, 72]),
  city('berlin', 'Berlin', 'DE', 52.52, 13.405, 'Europe/Berlin', [10.3, 9.6, 4.5, 72]),
  city('madrid', 'Madrid', 'ES', 40.4168, -3.7038, 'Europe/Madrid', [15, 10.2, 6.5, 56]),
  city('rome', 'Rome', 'IT', 41.9028, 12.4964, 'Europe/Rome', [15.7, 8.6, 5.5, 70]),
  city('stockholm', 'Stockholm', 'SE', 59.3293, 18.0686, 'Europe/Stockholm', [7.4, 9.6, 3.5, 76]),
  city(
    'reykjavik',
    'Reykjavík',
    'IS',
    64.1466,
    -21.9426,
    'Atlantic/Reykjavik',
    [4.7, 5.4, 2.5, 79],
  ),
  city('cairo', 'Cairo', 'EG', 30.0444, 31.2357, 'Africa/Cairo', [22.3, 7, 6.5, 56]),
  city('nairobi', 'Nairobi', 'KE', -1.2921, 36.8219, 'Africa/Nairobi', [18.5, 1.6, 6, 68]),
  city('cape-town', 'Cape Town', 'ZA', -33.9249, 18.4241, 'Africa/Johannesburg', [17, 4, 4.5, 72]),
  city('dubai', 'Dubai', 'AE', 25.2048, 55.2708, 'Asia/Dubai', [28.2, 7.8, 5, 60]),
  city('mumbai', 'Mumbai', 'IN', 19.076, 72.8777, 'Asia/Kolkata', [27.5, 2.5, 3.5, 75]),
  city('singapore', 'Singapore', 'SG', 1.3521, 103.8198, 'Asia/Singapore', [27.6, 0.8, 3.5, 84]),
  city('tokyo', 'Tokyo', 'JP', 35.6762, 139.6503, 'Asia/Tokyo', [15.8, 10.5, 3.5, 68]),
  city('seoul', 'Seoul', 'KR', 37.5665, 126.978, 'Asia/Seoul', [12.8, 14.2, 4.5, 64]),
  city('beijing', 'Beijing', 'CN', 39.9042, 116.4074, 'Asia/Shanghai', [12.9, 15.5, 5.5, 55]),
  city('sydney', 'Sydney', 'AU', -33.8688, 151.2093, 'Australia/Sydney', [18.4, 5, 4, 65]),
  city('auckland', 'Auckland', 'NZ', -36.8485, 174.7633, 'Pacific/Auckland', [15.4, 4.2, 3.5, 79]),
  city('new-york', 'New York', 'US', 40.7128, -74.006, 'America/New_York', [13.2, 12.3, 4.5, 63]),
  city('chicago', 'Chicago', 'US', 41.8781, -87.6298, 'America/Chicago', [10.6, 14.4, 5, 67]),
  city(
    'los-angeles',
    'Los Angeles',
    'US',
    34.0522,
    -118.2437,
    'America/Los_Angeles',
    [18.6, 4.5, 5.5, 65],
  ),
  city(
    'mexico-city',
    'Mexico City',
    'MX',
    19.4326,
    -99.1332,
    'America/Mexico_City',
    [16.8, 2.8, 7.5, 58],
  ),
  city(
    'sao-paulo',
    'São Paulo',
    'BR',
    -23.5558,
    -46.6396,
    'America/Sao_Paulo',
    [19.9, 3.4, 4.5, 78],
  ),
  city(
    'buenos-aires',
    'Buenos Aires',
    'AR',
    -34.6037,
    -58.3816,
    'America/Argentina/Buenos_Aires',
    [18, 6.3, 5, 72],
  ),
  city('toronto', 'Toronto', 'CA', 43.6532, -79.3832, 'America/Toronto', [9.4, 13.1, 4.5, 70]),
];

const byId = new Map(cities.map((c) => [c.id, c]));

/** Looks a city up by its id (case-insensitive); `undefined` when unknown. */
export function findCity(id: string): City | undefined {
  return byId.get(id.toLowerCase());
}

import type { Conditions } from '../api/endpoints.js';

const ICONS: Record<Conditions, string> = {
  clear: '☀️',
  'partly-cloudy': '⛅',
  cloudy: '☁️',
  fog: '🌫️',
  drizzle: '🌦️',
  rain: '🌧️',
  snow: '❄️',
  thunderstorm: '⛈️',
};

const NIGHT_ICONS: Partial<Record<Conditions, string>> = {
  clear: '🌙',
  'partly-cloudy': '☁️',
  drizzle: '🌧️',
};

/** An emoji and words for a sky; a clear night shows the moon. */
export function describeConditions(
  conditions: Conditions,
  isDay = true,
): { icon: string; label: string } {
  const words = conditions.replace('-', ' ');
  const icon = (!isDay && NIGHT_ICONS[conditions]) || ICONS[conditions];
  return { icon, label: words.charAt(0).toUpperCase() + words.slice(1) };
}

/** "just now", "12 s ago", "3 min ago". */
export function ago(time: string | number, now: number): string {
  const seconds = Math.max(0, Math.round((now - new Date(time).getTime()) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 90) return `${seconds} s ago`;
  return `${Math.round(seconds / 60)} min ago`;
}

/** "in 25 s", "in 4 min", "expired". */
export function countdown(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'unknown';
  const seconds = Math.round((expiresAt - now) / 1000);
  if (seconds <= 0) return 'expired';
  return seconds < 120 ? `in ${seconds} s` : `in ${Math.round(seconds / 60)} min`;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];
/** A wind direction in degrees as a compass point. */
export const compass = (degrees: number) => COMPASS[Math.round(degrees / 45) % 8] ?? 'N';

/** An error as one sentence a person can act on. */
export function explain(error: Error): string {
  if (error.name === 'NetworkError')
    return 'The weather service cannot be reached. Check your connection.';
  if (error.name === 'TimeoutError') return 'The weather service is taking too long to answer.';
  if (error.name === 'AuthError' && (error as { code?: string }).code === 'insufficient_scope') {
    return 'No permission: your account can only read weather (this needs weather:write).';
  }
  if (error.name === 'AuthError') return 'Your session has ended. Please sign in again.';
  return error.message;
}

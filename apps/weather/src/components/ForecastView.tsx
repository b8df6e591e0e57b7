import { useAuthedQuery } from '@org/react';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { forecast } from '../api/endpoints.js';
import { ErrorState } from './ErrorState.js';
import type { describeConditions } from './format.js';

const HEIGHT = 200;
const PAD = 28;
/** Chart units are screen pixels (the viewBox follows the width), so labels stay 12 px on a phone. */
const DEFAULT_WIDTH = 640;

/** The hourly forecast of one city as a chart: temperature line over chance-of-rain bars. */
export function ForecastView({ city, onClose }: { city: string; onClose: () => void }) {
  const [hours, setHours] = useState<24 | 48>(24);
  const { data, error, refetch } = useAuthedQuery(forecast, { params: { city }, query: { hours } });
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened from a card that may be far above (on a phone the forecast sits below every card):
  // bring it into view, and take the focus there so keyboard and screen-reader users follow.
  useEffect(() => {
    if (!city) return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    section.current?.scrollIntoView?.({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [city]);

  return (
    <section className="forecast" aria-labelledby="forecast-title" ref={section}>
      <header>
        <h2 id="forecast-title" ref={heading} tabIndex={-1}>
          {data ? `${data.name}: next ${hours} hours` : 'Forecast'}
        </h2>
        <div className="row">
          <fieldset className="segmented">
            <legend className="visually-hidden">Forecast length</legend>
            {([24, 48] as const).map((h) => (
              <button key={h} type="button" aria-pressed={hours === h} onClick={() => setHours(h)}>
                {h} h
              </button>
            ))}
          </fieldset>
          <button type="button" onClick={onClose} aria-label="Close the forecast">
            Close
          </button>
        </div>
      </header>
      {error && !data && <ErrorState error={error} onRetry={() => void refetch()} />}
      {!data && !error && <div className="chart skeleton" aria-busy="true" />}
      {data && <Chart points={data.hours} timeZone={data.timezone} cityName={data.name} />}
    </section>
  );
}

/** The width of an element in CSS pixels, following resizes. */
function useWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const target = element.current;
    if (!target || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

function Chart({
  points,
  timeZone,
  cityName,
}: {
  timeZone: string | undefined;
  cityName: string;
  points: Array<{
    time: string;
    temperature: number;
    precipitationProbability: number;
    conditions: Parameters<typeof describeConditions>[0];
  }>;
}) {
  const figure = useRef<HTMLElement>(null);
  const WIDTH = Math.max(280, useWidth(figure));
  const temperatures = points.map((p) => p.temperature);
  const min = Math.floor(Math.min(...temperatures) - 1);
  const max = Math.ceil(Math.max(...temperatures) + 1);
  const x = (i: number) => PAD + (i * (WIDTH - 2 * PAD)) / Math.max(1, points.length - 1);
  const y = (t: number) => HEIGHT - PAD - ((t - min) * (HEIGHT - 2 * PAD)) / Math.max(1, max - min);
  const line = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.temperature).toFixed(1)}`)
    .join(' ');
  const barWidth = Math.max(2, (WIDTH - 2 * PAD) / points.length - 2);
  const hottest = points.reduce((a, b) => (b.temperature > a.temperature ? b : a));
  const coldest = points.reduce((a, b) => (b.temperature < a.temperature ? b : a));
  // Hours in the city's own time zone: "15:00" in Tokyo is afternoon in Tokyo.
  const hour = (time: string) =>
    new Date(time).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
      ...(timeZone && { timeZone }),
    });
  // A label every 6 hours where there is room, every 12 on a phone.
  const every = WIDTH / points.length < 14 ? 12 : 6;

  return (
    <figure className="chart" ref={figure}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Temperature from ${coldest.temperature}°C to ${hottest.temperature}°C`}
      >
        {points.map((p, i) => (
          <rect
            key={p.time}
            className="rain"
            x={x(i) - barWidth / 2}
            width={barWidth}
            y={HEIGHT - PAD - (p.precipitationProbability / 100) * (HEIGHT - 2 * PAD)}
            height={(p.precipitationProbability / 100) * (HEIGHT - 2 * PAD)}
          />
        ))}
        <line className="axis" x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} />
        <path className="temperature-line" d={line} />
        <text x={4} y={y(max) + 4} className="label">{`${max}°`}</text>
        <text x={4} y={y(min) + 4} className="label">{`${min}°`}</text>
        {points.map((p, i) =>
          i % every === 0 ? (
            <text key={p.time} x={x(i)} y={HEIGHT - 8} className="label" textAnchor="middle">
              {hour(p.time)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="muted">
        High {hottest.temperature}°C at {hour(hottest.time)} · low {coldest.temperature}°C at{' '}
        {hour(coldest.time)} · bars: chance of rain · times in {cityName}
        {timeZone ? ` (${timeZone})` : ''}
      </figcaption>
    </figure>
  );
}

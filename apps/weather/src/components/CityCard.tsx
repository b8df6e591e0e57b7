import { useAuthedMutation, useAuthedQuery } from '@org/react';
import { currentWeather, favorites, removeFavorite } from '../api/endpoints.js';
import { useDemo } from '../demo.js';
import { READ_ONLY_REASON, useCanWrite } from '../hooks/use-can-write.js';
import { useNow } from '../hooks/use-now.js';
import { ErrorState, InlineError } from './ErrorState.js';
import { ago, compass, describeConditions } from './format.js';

/** One favorite city: live conditions, refreshed by polling. */
export function CityCard({
  city,
  selected,
  onSelect,
}: {
  city: string;
  selected: boolean;
  onSelect: (city: string) => void;
}) {
  const { pollMs } = useDemo();
  const now = useNow();
  const canWrite = useCanWrite();
  const { data, error, refetch, dataUpdatedAt } = useAuthedQuery(
    currentWeather,
    { params: { city } },
    { refetchInterval: pollMs },
  );
  const remove = useAuthedMutation(removeFavorite, { invalidates: [favorites] });

  if (error && !data) {
    return (
      <article className="card" aria-label={city}>
        <ErrorState error={error} onRetry={() => void refetch()} />
      </article>
    );
  }
  if (!data) {
    return (
      <article className="card skeleton" aria-label={`${city} loading`} aria-busy="true">
        <div className="line wide" />
        <div className="line big" />
        <div className="line" />
      </article>
    );
  }
  const sky = describeConditions(data.conditions, data.isDay);
  return (
    <article className={`card${selected ? ' selected' : ''}`} aria-label={data.name}>
      <header>
        <h3>
          <button
            type="button"
            className="link"
            onClick={() => onSelect(city)}
            aria-pressed={selected}
          >
            {data.name}
          </button>
          <span className="muted"> {data.country}</span>
        </h3>
        <button
          type="button"
          className="icon"
          aria-label={`Remove ${data.name} from favorites`}
          title={canWrite ? undefined : READ_ONLY_REASON}
          disabled={remove.isPending || !canWrite}
          onClick={() => remove.mutate({ params: { city } })}
        >
          ×
        </button>
      </header>
      <p className="temperature" data-testid={`temperature-${city}`}>
        <span aria-hidden="true">{sky.icon}</span> {data.temperature.toFixed(1)}°C
      </p>
      <p className="conditions">
        {sky.label} · feels like {data.feelsLike.toFixed(1)}°C
      </p>
      <dl className="facts">
        <div>
          <dt>Wind</dt>
          <dd>
            {data.windSpeed.toFixed(1)} m/s {compass(data.windDirection)}
          </dd>
        </div>
        <div>
          <dt>Humidity</dt>
          <dd>{data.humidity}%</dd>
        </div>
      </dl>
      <p
        className="updated muted"
        data-testid={`observed-${city}`}
        data-observed-at={data.observedAt}
        title={`Observed at ${new Date(data.observedAt).toLocaleTimeString()}`}
      >
        fetched {ago(dataUpdatedAt, now)}
        {data.source === 'open-meteo' ? ' · Open-Meteo' : ''}
      </p>
      <InlineError error={remove.error} onDismiss={remove.reset} />
    </article>
  );
}

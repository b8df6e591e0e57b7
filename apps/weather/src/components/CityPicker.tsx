import { useAuthedMutation, useAuthedQuery } from '@org/react';
import { type FormEvent, useState } from 'react';
import { addFavorite, cities, favorites } from '../api/endpoints.js';
import { READ_ONLY_REASON, useCanWrite } from '../hooks/use-can-write.js';
import { InlineError } from './ErrorState.js';

/** Adds a city to the favorites. A read-only account sees the control disabled, and why. */
export function CityPicker({ current }: { current: readonly string[] }) {
  const canWrite = useCanWrite();
  const { data } = useAuthedQuery(cities);
  const add = useAuthedMutation(addFavorite, { invalidates: [favorites] });
  const [city, setCity] = useState('');
  const choices = (data?.cities ?? []).filter((c) => !current.includes(c.id));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (city) add.mutate({ params: { city } }, { onSuccess: () => setCity('') });
  };

  return (
    <form className="picker" onSubmit={submit} aria-label="Add a favorite city">
      <label htmlFor="city-picker">Add a city</label>
      <div className="row">
        <select
          id="city-picker"
          value={city}
          onChange={(e) => setCity(e.target.value)}
          disabled={!data || !canWrite}
          aria-describedby={canWrite ? undefined : 'read-only-reason'}
        >
          <option value="">{data ? 'Choose a city…' : 'Loading cities…'}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.country})
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!city || add.isPending || !canWrite}>
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </div>
      {!canWrite && (
        <p id="read-only-reason" className="muted note">
          {READ_ONLY_REASON}
        </p>
      )}
      <InlineError error={add.error} onDismiss={add.reset} />
    </form>
  );
}

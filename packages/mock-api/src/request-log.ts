import type { Fault } from './faults.js';
import type { TokenStatus } from './oauth/token-store.js';
import type { RouteName } from './routes.js';

/** One request the mock API received, as recorded for assertions. */
export interface RecordedRequest {
  /** Sequence number, from 1. */
  id: number;
  /** Mock-clock time of arrival, ms since the epoch. */
  time: number;
  method: string;
  /** The path and query, e.g. `/v1/weather/forecast/oslo?hours=12`. */
  path: string;
  route: RouteName;
  /** The bearer token the request carried, if any. */
  token?: string;
  /** What the server concluded about that token when the request arrived. */
  tokenStatus: TokenStatus;
  /** For the token endpoint: the grant type asked for. */
  grantType?: string;
  /** For the refresh_token grant: the refresh token presented. */
  refreshToken?: string;
  /** The status answered; 0 for an injected network error. */
  status: number;
  /** The kind of injected fault that shaped the answer, if any. */
  fault?: Fault['kind'];
}

/** The log of every request, in arrival order. */
export class RequestLog {
  readonly entries: RecordedRequest[] = [];

  record(entry: Omit<RecordedRequest, 'id' | 'status'>): RecordedRequest {
    const recorded = { ...entry, id: this.entries.length + 1, status: 0 };
    this.entries.push(recorded);
    return recorded;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

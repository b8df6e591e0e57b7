/**
 * The offset between the server's clock and ours, learned from responses' `Date` headers. `Date` has
 * one-second resolution, so offsets within a second are taken as no offset at all.
 */
export class ServerClock {
  /** Server time minus local time, in ms. */
  offset = 0;

  /** Learns the offset from a `Date` header received at local time `now`. */
  observe(date: string | null, now = Date.now()): void {
    if (date === null) return;
    const server = Date.parse(date);
    if (Number.isNaN(server)) return;
    const offset = server - now;
    this.offset = Math.abs(offset) <= 1000 ? 0 : offset;
  }

  /** A local time on the server's clock. */
  toServer(localTime: number): number {
    return localTime + this.offset;
  }

  /** A server-clock time (e.g. a JWT `exp` in ms) on the local clock. */
  toLocal(serverTime: number): number {
    return serverTime - this.offset;
  }
}

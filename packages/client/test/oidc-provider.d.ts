// The little of oidc-provider's API the interop tests use (the package ships no types).
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    use(
      middleware: (
        ctx: { method: string; path: string; get(header: string): string },
        next: () => Promise<void>,
      ) => Promise<void>,
    ): void;
    listen(port: number, host: string): Server;
  }
}

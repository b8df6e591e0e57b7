import { parseArgs } from 'node:util';
import { startMockHttpServer } from './http-server.js';
import { defaultTokenLifetimes, demoIdentities } from './identities.js';
import { openMeteoWeather } from './weather/open-meteo.js';

const HELP = `Usage: org-mock-api [options]

Serves the mock weather API and OAuth2 token server on 127.0.0.1.

Options:
  --port <n>                Port to listen on (default 4010; 0 picks a free one)
  --host <address>          Address to listen on (default 127.0.0.1)
  --access-token-ttl <s>    Access-token lifetime in seconds (default ${defaultTokenLifetimes.accessToken})
  --refresh-token-ttl <s>   Refresh-token lifetime in seconds (default ${defaultTokenLifetimes.refreshToken})
  --latency <ms>            Delay every answer by this many milliseconds (default 0)
  --rate-limit <n/s>        Per-token rate limit, e.g. 60/60 for 60 requests a minute (default off)
  --upstream open-meteo     Serve real weather from Open-Meteo (no key needed), simulated when unreachable
  --quiet                   Do not log each request
  -h, --help                Show this help`;

function positive(name: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
    throw new Error(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${value}"`,
    );
  }
  return number;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'access-token-ttl': { type: 'string' },
      'refresh-token-ttl': { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      upstream: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const rateLimit = values['rate-limit'];
  const [limit, windowSeconds] = (rateLimit ?? '').split('/').map(Number);
  if (rateLimit !== undefined && !(limit && windowSeconds && limit > 0 && windowSeconds > 0)) {
    throw new Error(`--rate-limit must look like 60/60 (requests/seconds), got "${rateLimit}"`);
  }
  const upstream = values.upstream;
  const warned = new Set<string>();
  if (upstream !== undefined && upstream !== 'open-meteo') {
    throw new Error(`--upstream must be "open-meteo", got "${upstream}"`);
  }
  const accessTokenTtl = positive('access-token-ttl', values['access-token-ttl']);
  const refreshTokenTtl = positive('refresh-token-ttl', values['refresh-token-ttl']);
  const latency = positive('latency', values.latency, true);
  const server = await startMockHttpServer({
    port: positive('port', values.port, true) ?? 4010,
    host: values.host ?? '127.0.0.1',
    ...(accessTokenTtl !== undefined && { accessTokenTtl }),
    ...(refreshTokenTtl !== undefined && { refreshTokenTtl }),
    ...(latency !== undefined && { latency }),
    ...(limit && windowSeconds && { rateLimit: { limit, windowSeconds } }),
    ...(upstream && {
      weather: openMeteoWeather({
        onFallback: (city, reason) => {
          if (warned.has(city.id)) return;
          warned.add(city.id);
          console.warn(
            `open-meteo unavailable for ${city.id} (${reason}); serving simulated values`,
          );
        },
      }),
    }),
    ...(!values.quiet && {
      log: (line: string) => console.log(`${new Date().toISOString()} ${line}`),
    }),
  });

  const users = demoIdentities.users.map(
    (u) => `${u.username}/${u.password} (${u.scope.join(' ')})`,
  );
  console.log(
    [
      `Mock weather API listening on ${server.url}${upstream ? ' (weather from Open-Meteo)' : ''}`,
      `  token endpoint  POST ${server.url}/oauth/token`,
      `  demo users      ${users.join(', ')}`,
      '  clients         weather-web (public), weather-service / weather-service-secret',
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`org-mock-api: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

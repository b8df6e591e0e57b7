import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** The benchmark server in a child process (see server.ts), and a bearer token for it. */
export async function startBenchServer(): Promise<{
  url: string;
  token: string;
  stop: () => void;
}> {
  const child: ChildProcess = spawn(
    process.execPath,
    [new URL('./server.ts', import.meta.url).pathname],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  const url = chunk.toString().trim();
  const { access_token: token } = await passwordGrant(url);
  return { url, token, stop: () => child.kill('SIGTERM') };
}

/** Signs the demo user in at the mock API with the password grant; the raw token response. */
export async function passwordGrant(
  url: string,
): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'weather-web',
      username: 'demo',
      password: 'demo',
    }),
  });
  return (await response.json()) as { access_token: string; refresh_token: string };
}

/** Runs `count` calls, one after another or `concurrency` at a time; returns wall ms and CPU µs. */
export async function measure(call: () => Promise<unknown>, count: number, concurrency: number) {
  let next = 0;
  const worker = async () => {
    while (next++ < count) await call();
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMicros: used.user + used.system };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

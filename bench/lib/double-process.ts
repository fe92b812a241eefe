import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ResendDoubleOptions } from '../../tests/helpers/resend-double.ts';

export interface DoubleStats {
  requests: number;
  rateLimited: number;
  accepted: number;
  duplicates: number;
  requestTimes: number[];
  templates: number;
}

/** Starts bench/lib/double-server.ts in a child process and returns its URL and a stats reader. */
export async function startDoubleProcess(options: Omit<ResendDoubleOptions, 'rejects'>) {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.js', 'bench/lib/double-server.ts', JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`double exited with ${code}`)));
  });
  const url = firstLine.trim();
  return {
    url,
    async stats(): Promise<DoubleStats> {
      const response = await fetch(`${url}/__stats`);
      return (await response.json()) as DoubleStats;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

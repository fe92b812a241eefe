import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { freePort, startServe } from '../helpers/serve-process.ts';
import { WEBHOOK_SECRET } from '../helpers/server-harness.ts';

describe('verdicts serve: start-up checks', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wv-serve-'));
    env = { DATABASE_URL: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses bad settings and bad flag values by name, with exit code 2', async () => {
    const port = await runCli(['serve', '--port', '70000'], env);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('must be a port number from 1 to 65535');
    const portEnv = await runCli(['serve'], { ...env, PORT: 'eighty' });
    expect(portEnv.code).toBe(2);
    expect(portEnv.stderr).toContain('PORT must be a port number');
    const secret = await runCli(['serve'], { ...env, RESEND_WEBHOOK_SECRET: 'not-a-secret' });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain('RESEND_WEBHOOK_SECRET must be the signing secret');
    const proxy = await runCli(['serve'], { ...env, TRUST_PROXY: 'maybe' });
    expect(proxy.code).toBe(2);
    expect(proxy.stderr).toContain('TRUST_PROXY must be true or false');
    const exposed = await runCli(['serve'], { ...env, PUBLIC_URL: 'https://news.example.com' });
    expect(exposed.code).toBe(2);
    expect(exposed.stderr).toContain(
      'SECRET: set a private value of 16+ characters before serving at https://news.example.com',
    );
  });

  it('says when the port is taken, and exits 1', async () => {
    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    try {
      const result = await runCli(['serve', '--port', String(port)], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} is in use`);
    } finally {
      taken.close();
    }
  });

  // The process boundary is the feature here: a real SIGINT to the real binary.
  it('serves webhooks when RESEND_WEBHOOK_SECRET is set, and stops on SIGINT too', async () => {
    const port = await freePort();
    const server = await startServe({
      ...env,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    try {
      expect(server.output().stdout).toContain('webhooks on');
      const unsigned = await fetch(`http://127.0.0.1:${port}/webhooks/resend`, {
        method: 'POST',
        body: '{}',
      });
      expect(unsigned.status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // Another host name (DNS rebinding), in the Host header or in an absolute-form target: refused.
      const raw = (head: string) =>
        new Promise<string>((resolve, reject) => {
          let answer = '';
          const socket = connect(port, '127.0.0.1', () => socket.write(`${head}Connection: close\r\n\r\n`));
          socket.on('data', (chunk) => {
            answer += chunk;
          });
          socket.on('end', () => resolve(answer));
          socket.on('error', reject);
        });
      expect(await raw('GET /healthz HTTP/1.1\r\nHost: rebound.example\r\n')).toMatch(/^HTTP\/1\.1 421 /);
      expect(await raw(`GET http://rebound.example/healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`)).toMatch(
        /^HTTP\/1\.1 421 /,
      );
      expect(await raw('GET /healthz HTTP/1.1\r\nHost: bad\\host\r\n')).toMatch(/^HTTP\/1\.1 400 /);
      expect(await raw(`GET /healthz HTTP/1.1\r\nHost: localhost:${port}\r\n`)).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './serve.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the Host header we choose (fetch would set its own). */
function get(server: StaticServer, path: string, host?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: host === undefined ? {} : { host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the docs server', () => {
  let dir: string;
  let server: StaticServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmodel-serve-'));
    mkdirSync(join(dir, 'docs/sub'), { recursive: true });
    writeFileSync(join(dir, 'docs/index.html'), '<p>docs</p>');
    writeFileSync(join(dir, 'docs/sub/page.html'), '<p>sub</p>');
    writeFileSync(join(dir, 'secret.txt'), 'password=hunter2');
    mkdirSync(join(dir, 'private'));
    writeFileSync(join(dir, 'private/key.txt'), 'key');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'docs/leak.txt'));
    symlinkSync(join(dir, 'private'), join(dir, 'docs/private'));
    symlinkSync(join(dir, 'docs/sub/page.html'), join(dir, 'docs/alias.html'));
    server = await serveStatic(join(dir, 'docs'), 0);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not follow a symlink out of its folder (a link inside it is fine)', async () => {
    expect((await get(server, '/leak.txt')).status).toBe(403);
    expect((await get(server, '/private/key.txt')).status).toBe(403);
    expect((await get(server, '/leak.txt')).body).not.toContain('hunter2');
    expect(await get(server, '/alias.html')).toMatchObject({ status: 200, body: '<p>sub</p>' });
    expect((await get(server, '/../secret.txt')).status).not.toBe(200);
  });

  it('answers only to the loopback names and its own host (DNS rebinding)', async () => {
    const port = server.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST'])
      expect((await get(server, '/', host)).status, host).toBe(200);
    for (const host of [`attacker.example:${port}`, 'localhost.attacker.example', `10.0.0.5:${port}`]) {
      const reply = await get(server, '/', host);
      expect(reply.status, host).toBe(421);
      expect(reply.body).not.toContain('docs');
    }
    // No Host at all (HTTP/1.0): refused too.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 421 /);
  });

  it('sends X-Content-Type-Options: nosniff on every response', async () => {
    for (const path of ['/', '/sub/page.html', '/missing', '/leak.txt'])
      expect((await get(server, path)).headers['x-content-type-options'], path).toBe('nosniff');
    expect((await get(server, '/', 'evil.example')).headers['x-content-type-options']).toBe('nosniff');
  });

  it('bound to all interfaces, also answers to IP addresses, never to other names', async () => {
    const all = await serveStatic(join(dir, 'docs'), 0, '0.0.0.0');
    try {
      expect((await get(all, '/', '192.168.1.20')).status).toBe(200);
      expect((await get(all, '/', 'rebind.attacker.example')).status).toBe(421);
    } finally {
      await all.close();
    }
  });
});

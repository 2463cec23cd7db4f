import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** The Host header's name, without port or IPv6 brackets, lower-cased; undefined when absent or malformed. */
function hostName(req: IncomingMessage): string | undefined {
  const header = req.headers.host;
  if (!header) return undefined;
  const m = /^\[([0-9a-f:.]+)\](?::\d+)?$/i.exec(header) ?? /^([^:[\]]+)(?::\d+)?$/.exec(header);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * Whether a request's Host may be answered. A page on another site can make
 * the browser resolve its own name to 127.0.0.1 (DNS rebinding) and read what
 * we serve; its requests then carry that name as Host. So only the loopback
 * names and the bound host are answered — and any IP address when bound to
 * all interfaces (an address cannot be rebound: the page's origin is that address).
 */
export function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  const name = hostName(req);
  if (name === undefined) return false;
  const bound = boundHost.toLowerCase().replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(name) || name === bound) return true;
  return (bound === '0.0.0.0' || bound === '::') && isIP(name) !== 0;
}

/**
 * Serves the files under `root` on host:port (port 0 picks a free one): GET and
 * HEAD only, nothing outside root, not even through a symlink, only to a Host
 * the server is meant for, with `X-Content-Type-Options: nosniff` on every response.
 */
export function serveStatic(root: string, port: number, host = '127.0.0.1'): Promise<StaticServer> {
  const base = normalize(root);
  const inside = (dir: string, file: string) => file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  const server = createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (!hostAllowed(req, host)) {
      res
        .writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`This server answers to localhost, 127.0.0.1, [::1] and ${host} only.\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(base, path));
    if (!inside(base, file)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      // A symlink under root may point anywhere: what is served must really be under root.
      if (!inside(realpathSync(base), realpathSync(file))) {
        res.writeHead(403).end();
        return;
      }
      const size = statSync(file).size;
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      resolvePromise({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`,
        port: actual,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/**
 * The test transport: the contract over HTTP on 127.0.0.1, so the renderer can be driven in a
 * plain Chromium by Playwright against the real services (Electron cannot run here). It calls
 * the same `registerContract` as main, through an ipcMain-like adapter, and serves the built
 * renderer with a small shim that defines `window.gatehouse` over fetch.
 *
 * Never part of the app: electron/main does not import it and electron-builder.yml excludes
 * this folder (a unit test checks both).
 *
 * Guards: binds loopback only (anything else is refused); a random port and a random bearer
 * token (32 bytes) that every /api request must carry; the Host header must be the transport's
 * own address (no DNS rebinding); a request from another Origin is refused; no CORS headers.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '../../../shared/api/envelope.js';
import { CHANNEL_PREFIX } from '../../../shared/api/names.js';
import type { DialogPurpose } from '../../../shared/api/schemas/app.js';
import { appResponseHeaders, cspOf, CSP_DIRECTIVES } from '../security/content-security-policy.js';
import { createServices, type AppServices, type ServicesOptions } from '../services/app-services.js';
import { registerContract, type IpcLike } from '../services/register-contract.js';
import { browserShim } from './browser-shim.js';

export interface TestTransportOptions extends Omit<ServicesOptions, 'host'> {
  /** The built renderer (default: build/renderer of this repository). */
  rendererDir?: string;
  /** A loopback address: 127.0.0.1 (default) or ::1. Anything else is refused. */
  host?: string;
  /** Default 0: a random free port. */
  port?: number;
}

export interface TestTransport {
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  readonly token: string;
  /** The page to open: the URL with the token in its fragment. */
  readonly pageUrl: string;
  readonly app: AppServices;
  /** What the next native dialog "chooses" (for `purpose`, or any when left out). */
  answerDialog(paths: string[], purpose?: DialogPurpose): void;
  /** Links the UI asked to open (never opened). */
  readonly openedLinks: string[];
  close(): Promise<void>;
}

/** What the adapter hands registerContract as the "event" of a call. */
export interface HttpCallEvent {
  transport: 'http';
  authenticated: boolean;
  client: string;
}

const BODY_LIMIT = 128 * 1024 * 1024;
const SHIM_PATH = '/__gatehouse/shim.js';
const CSP = cspOf({ ...CSP_DIRECTIVES, 'connect-src': ["'self'"] });

export function isLoopbackAddress(host: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

function defaultRendererDir(): string {
  const here = fileURLToPath(import.meta.url);
  const marker = path.join('electron', 'node', 'test-transport');
  const root = here.slice(0, here.lastIndexOf(marker));
  // From sources (repo/electron/node/…) or from build (repo/build/electron/node/…).
  const repo = path.basename(root.replace(/[\\/]+$/, '')) === 'build' ? path.dirname(root.replace(/[\\/]+$/, '')) : root;
  return path.join(repo, 'build', 'renderer');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export async function startTestTransport(options: TestTransportOptions): Promise<TestTransport> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) {
    throw new Error(`the test transport binds to a loopback address only (127.0.0.1 or ::1), not ${host}`);
  }
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  const token = randomBytes(32).toString('base64url');
  const dialogs: { purpose?: DialogPurpose; paths: string[] }[] = [];
  const openedLinks: string[] = [];

  const { rendererDir: _r, host: _h, port: _p, ...serviceOptions } = options;
  const app = createServices({
    ...serviceOptions,
    host: {
      async pick(_client, { purpose }) {
        const at = dialogs.findIndex((d) => d.purpose === undefined || d.purpose === purpose);
        return at === -1 ? [] : dialogs.splice(at, 1)[0]!.paths;
      },
      async openExternal(_client, url) {
        openedLinks.push(url);
        return false;
      },
    },
  });

  const handlers = new Map<string, (event: HttpCallEvent, ...args: unknown[]) => Promise<Envelope<unknown>>>();
  const ipcLike: IpcLike<HttpCallEvent> = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  registerContract(ipcLike, app.services, {
    isTrustedSender: (event) => event.transport === 'http' && event.authenticated,
    clientOf: (event) => event.client,
  });

  let origin = '';
  let expectedHost = '';

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...appResponseHeaders(type, CSP), ...extra });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
  const authorized = (req: http.IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && safeEqual(header.slice(7), token);
  };
  const clientOf = (req: http.IncomingMessage): string => {
    const id = String(req.headers['x-gatehouse-client'] ?? 'default');
    return `http:${/^[a-z0-9-]{1,40}$/.test(id) ? id : 'default'}`;
  };

  const serveStatic = async (res: http.ServerResponse, pathname: string, head: boolean) => {
    if (pathname === SHIM_PATH) return send(res, 200, TYPES['.js']!, head ? '' : browserShim());
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(rendererDir, ...relative.split('/'));
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', `not found (is the renderer built? ${rendererDir})`);
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (relative === 'index.html') {
      const html = body.toString('utf8').replace(/<head>/i, `<head>\n    <script src="./__gatehouse/shim.js"></script>`);
      return send(res, 200, type, head ? '' : html);
    }
    return send(res, 200, type, head ? Buffer.alloc(0) : body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.headers.host !== expectedHost) return sendJson(res, 421, { ok: false, error: { code: 'forbidden', message: 'wrong Host header' } });
      if (req.headers.origin !== undefined && req.headers.origin !== origin) {
        return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'requests from another origin are refused' } });
      }
      const url = new URL(req.url ?? '/', origin);
      const method = req.method ?? 'GET';

      if (!url.pathname.startsWith('/api/')) {
        if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
        return serveStatic(res, url.pathname, method === 'HEAD');
      }
      if (!authorized(req)) return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: 'the test transport needs its bearer token' } });
      const client = clientOf(req);

      if (url.pathname === '/api/events' && method === 'GET') {
        res.writeHead(200, { ...appResponseHeaders('text/event-stream; charset=utf-8', CSP), Connection: 'keep-alive' });
        res.write(': connected\n\n');
        const stop = app.onEvent((to, event) => {
          if (to === client) res.write(`data: ${JSON.stringify(event)}\n\n`);
        });
        const beat = setInterval(() => res.write(': beat\n\n'), 15_000);
        beat.unref();
        req.on('close', () => {
          stop();
          clearInterval(beat);
        });
        return;
      }
      if (method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'calls are POST' } });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'invalid-input', message: 'send JSON' } });
      }
      let input: unknown;
      try {
        const text = await readBody(req);
        input = text === '' ? {} : JSON.parse(text);
      } catch (error) {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: `the body is not JSON: ${(error as Error).message}` } });
      }
      if (url.pathname === '/api/__test/dialog') {
        const { paths, purpose } = (input ?? {}) as { paths?: unknown; purpose?: DialogPurpose };
        if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) return sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: 'paths: a list of paths' } });
        dialogs.push(purpose === undefined ? { paths } : { purpose, paths });
        return sendJson(res, 200, { ok: true, value: { queued: dialogs.length } });
      }
      const handler = handlers.get(CHANNEL_PREFIX + url.pathname.slice('/api/'.length));
      if (!handler) return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: `${url.pathname.slice(5)} is not a Gatehouse call` } });
      const answer = await handler({ transport: 'http', authenticated: true, client }, input);
      return sendJson(res, 200, answer);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test transport has no address');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  expectedHost = `${hostPart}:${address.port}`;
  origin = `http://${expectedHost}`;

  return {
    url: `${origin}/`,
    token,
    pageUrl: `${origin}/#gatehouse-token=${token}`,
    app,
    openedLinks,
    answerDialog(paths, purpose) {
      dialogs.push(purpose === undefined ? { paths } : { purpose, paths });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.dispose();
    },
  };
}

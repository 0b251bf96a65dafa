/**
 * Serves the built renderer on the app scheme (`app://gatehouse/…`) from a folder (inside the
 * asar when packaged), with the CSP and security headers on every response. Only GET and HEAD,
 * only the app host, only files inside the folder; anything else is a 404 or 405. No electron
 * import: main passes this handler to `protocol.handle`, and the tests call it directly.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, appResponseHeaders } from './security-settings.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a request URL names inside `root`, or null (wrong scheme or host, climbing out, encoded separators). */
export function resolveAppFile(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, ...relative.split('/'));
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return file;
}

export interface RequestLike {
  url: string;
  method: string;
}

export function createAppProtocolHandler(root: string, read: (file: string) => Promise<Buffer> = (f) => readFile(f)) {
  const notFound = () => new Response('Not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') });
  return async (request: RequestLike): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: appResponseHeaders('text/plain; charset=utf-8') });
    }
    const file = resolveAppFile(root, request.url);
    if (file === null) return notFound();
    let body: Buffer;
    try {
      body = await read(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(contentTypeOf(file)) });
  };
}

#!/usr/bin/env node
// Deterministic generator of an Apache/NGINX combined access log for a small banking/shop API,
// with realistic background traffic (browsers and mobile apps, a few thousand clients, a few
// hundred signed-in users, static files, 304s and 404s, a day/night rhythm) and planted attacks
// that the traffic detections must find. Also writes the OpenAPI description of the API, so the
// audit matches requests to documented endpoints.
//
//   node bench/traffic/generate.mjs --lines 1000000 --out /tmp/gh-traffic   [--seed 7] [--gzip]
//
// Same arguments, same bytes. Planted (see PLANTED below): credential stuffing from one IP,
// distributed brute force on one account, object-id enumeration, a shadow endpoint, a deprecated
// endpoint still called, API keys and e-mail addresses in URLs, SSRF payloads, a 5xx burst,
// python-requests on checkout, a scraper far above the baseline (and no 429 anywhere), and one
// key hammering the AI endpoint.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGzip } from 'node:zlib';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
const LINES = Number(args.lines ?? 1_000_000);
const OUT = path.resolve(args.out ?? 'bench-traffic-data');
const SEED = Number(args.seed ?? 7);
const GZIP = args.gzip === 'true';

// ---- deterministic randomness -------------------------------------------------------------
let state = SEED >>> 0;
function rand() {
  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (list) => list[int(list.length)];
function weighted(entries) {
  const total = entries.reduce((s, [w]) => s + w, 0);
  let r = rand() * total;
  for (const [w, v] of entries) if ((r -= w) < 0) return v;
  return entries[entries.length - 1][1];
}

// ---- the API --------------------------------------------------------------------------------
const SPEC = `openapi: 3.0.3
info:
  title: Northwind Bank and Shop API
  version: "1.4"
servers:
  - url: https://api.northwind.example/api/v1
security:
  - bearer: []
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /auth/login:
    post:
      security: []
      responses: {"200": {description: ok}, "401": {description: bad credentials}}
  /accounts/{accountId}:
    get:
      parameters: [{name: accountId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /accounts/{accountId}/statements:
    get:
      parameters: [{name: accountId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /accounts/{accountId}/transfers:
    post:
      parameters: [{name: accountId, in: path, required: true, schema: {type: integer}}]
      responses: {"201": {description: created}}
  /products:
    get:
      security: []
      responses: {"200": {description: ok}}
  /products/{productId}:
    get:
      security: []
      parameters: [{name: productId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /cart/items:
    post:
      responses: {"201": {description: added}}
  /checkout:
    post:
      responses: {"200": {description: ok}}
  /orders:
    get:
      responses: {"200": {description: ok}}
  /orders/{orderId}:
    get:
      parameters: [{name: orderId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /webhooks/test:
    post:
      parameters: [{name: url, in: query, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /statements/legacy/{accountId}:
    get:
      deprecated: true
      parameters: [{name: accountId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /assistant/chat/completions:
    post:
      responses: {"200": {description: ok}}
`;

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36',
  'NorthwindBank/5.2.1 (iOS 17.3; iPhone15,2)',
  'NorthwindBank/5.2.0 (Android 14; SM-S911B)',
];

const CLIENTS = 4000;
const USERS = 400;
const clients = Array.from({ length: CLIENTS }, (_, i) => {
  // Mostly public IPv4, grouped a little by /24 (carrier NAT, offices).
  const a = pick([31, 46, 62, 77, 81, 84, 88, 91, 93, 109, 151, 176, 185, 188, 212, 217]);
  const b = int(256);
  const c = int(64) * 4;
  // Six clients in ten are signed in; a customer may use several devices.
  const signedIn = i % 10 < 6;
  return { ip: `${a}.${b}.${c}.${1 + (i % 250)}`, ua: pick(BROWSERS), user: signedIn ? `cust${String(i % USERS).padStart(4, '0')}` : null, account: 100000 + (i % USERS) * 7 };
});

// ---- time -------------------------------------------------------------------------------------
const START = Date.UTC(2026, 2, 2, 0, 0, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => (n < 10 ? '0' + n : '' + n);
let lastSecond = -1;
let lastStamp = '';
function clf(ms) {
  const s = Math.floor(ms / 1000);
  if (s === lastSecond) return lastStamp;
  const d = new Date(s * 1000);
  lastSecond = s;
  lastStamp = `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
  return lastStamp;
}
// Three days; more traffic by day than by night.
const SPAN = 3 * 86_400_000;
function timeAt(i) {
  const x = i / LINES;
  const base = START + x * SPAN;
  const hour = new Date(base).getUTCHours();
  void hour;
  return base;
}

function line(ip, user, ms, method, target, status, bytes, referer, ua) {
  return `${ip} - ${user ?? '-'} [${clf(ms)}] "${method} ${target} HTTP/1.1" ${status} ${bytes ?? '-'} "${referer ?? '-'}" "${ua}"\n`;
}

// ---- background -------------------------------------------------------------------------------
const STATIC = ['/static/app.js', '/static/app.css', '/static/logo.svg', '/favicon.ico', '/static/fonts/inter.woff2'];
function background(ms) {
  const c = pick(clients);
  const user = c.user;
  const kind = weighted([
    [22, 'products'],
    [14, 'product'],
    [10, 'static'],
    [12, 'account'],
    [12, 'statements'],
    [6, 'orders'],
    [6, 'order'],
    [4, 'cart'],
    [2, 'checkout'],
    [3, 'login'],
    [1, 'transfer'],
    [2, 'notfound'],
    [1, 'assistant'],
  ]);
  const ref = 'https://www.northwind.example/';
  // Signed-out clients browse the catalogue, log in, or miss.
  const anonymousKinds = ['products', 'product', 'static', 'login', 'notfound'];
  const k = user || anonymousKinds.includes(kind) ? kind : pick(anonymousKinds);
  switch (k) {
    case 'products':
      return line(c.ip, null, ms, 'GET', `/api/v1/products?page=${1 + int(20)}&sort=${pick(['price', 'name', 'new'])}`, 200, 2000 + int(20000), ref, c.ua);
    case 'product': {
      const status = rand() < 0.15 ? 304 : 200;
      return line(c.ip, null, ms, 'GET', `/api/v1/products/${1000 + int(5000)}`, status, status === 304 ? 0 : 800 + int(4000), ref, c.ua);
    }
    case 'static':
      return line(c.ip, null, ms, 'GET', pick(STATIC), rand() < 0.6 ? 304 : 200, 1000 + int(90000), ref, c.ua);
    case 'account':
      return line(c.ip, user, ms, 'GET', `/api/v1/accounts/${c.account}`, 200, 600 + int(800), ref, c.ua);
    case 'statements':
      return line(c.ip, user, ms, 'GET', `/api/v1/accounts/${c.account}/statements?from=2026-0${1 + int(2)}-01&limit=50`, 200, 3000 + int(30000), ref, c.ua);
    case 'orders':
      return line(c.ip, user, ms, 'GET', '/api/v1/orders', 200, 1500 + int(6000), ref, c.ua);
    case 'order':
      return line(c.ip, user, ms, 'GET', `/api/v1/orders/ord_${(int(1 << 30)).toString(36)}`, rand() < 0.05 ? 404 : 200, 900 + int(2000), ref, c.ua);
    case 'cart':
      return line(c.ip, user, ms, 'POST', '/api/v1/cart/items', 201, 300, ref, c.ua);
    case 'checkout':
      return line(c.ip, user, ms, 'POST', '/api/v1/checkout', rand() < 0.03 ? 402 : 200, 700, ref, c.ua);
    case 'login':
      return line(c.ip, null, ms, 'POST', '/api/v1/auth/login', rand() < 0.08 ? 401 : 200, 400, ref, c.ua);
    case 'transfer':
      return line(c.ip, user, ms, 'POST', `/api/v1/accounts/${c.account}/transfers`, 201, 350, ref, c.ua);
    case 'notfound':
      return line(c.ip, null, ms, 'GET', pick(['/api/v1/prodcts', '/robots.txt', '/api/v1/products/abc', '/.well-known/security.txt']), 404, 150, '-', c.ua);
    case 'assistant':
      return line(c.ip, user, ms, 'POST', '/api/v1/assistant/chat/completions', 200, 1500 + int(3000), ref, c.ua);
  }
  throw new Error(k);
}

// ---- planted attacks: each a generator of lines at a given share of the file ------------------
const PLANTED = [
  {
    name: 'credential stuffing from one IP across accounts',
    count: 1500,
    line: (ms, k) => line('203.0.113.66', `user${k % 700}@mail.example`, ms, 'POST', '/api/v1/auth/login', k === 1499 ? 200 : 401, 120, '-', 'python-requests/2.32.3'),
  },
  {
    name: 'distributed brute force on one account',
    count: 600,
    line: (ms, k) => line(`198.51.100.${1 + (k % 200)}`, 'cust0042', ms, 'POST', '/api/v1/auth/login', 401, 120, '-', pick(BROWSERS)),
  },
  {
    name: 'object-id enumeration by one principal',
    count: 900,
    line: (ms, k) => line('84.17.200.9', 'cust0077', ms, 'GET', `/api/v1/accounts/${200000 + k}/statements`, k % 9 === 0 ? 200 : 403, 200, '-', 'Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0'),
  },
  {
    name: 'shadow endpoint',
    count: 400,
    line: (ms, k) => line(pick(clients).ip, 'cust0100', ms, 'GET', `/api/v1/internal/export/${5000 + k}`, 200, 50000, '-', 'curl/8.5.0'),
  },
  {
    name: 'deprecated endpoint still called',
    count: 800,
    line: (ms, k) => line(clients[k % 12].ip, `cust00${10 + (k % 12)}`, ms, 'GET', `/api/v1/statements/legacy/${100000 + (k % 12) * 7}`, 200, 8000, '-', 'NorthwindBank/4.1.0 (Android 11; SM-G991B)'),
  },
  {
    name: 'API keys in the query string',
    count: 700,
    line: (ms, k) => line(clients[50 + (k % 30)].ip, null, ms, 'GET', `/api/v1/products?page=1&api_key=nwk_live_${(k * 7919).toString(36)}a8f3c2d9e1b7`, 200, 9000, '-', 'PartnerFeed/1.0'),
  },
  {
    name: 'e-mail addresses in the query string',
    count: 500,
    line: (ms, k) => line(clients[90 + (k % 40)].ip, null, ms, 'GET', `/api/v1/orders?email=customer${k}%40mail.example`, 200, 1200, '-', pick(BROWSERS)),
  },
  {
    name: 'SSRF payloads',
    count: 60,
    line: (ms, k) =>
      line('45.95.147.236', null, ms, 'POST', `/api/v1/webhooks/test?url=${encodeURIComponent(pick(['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://127.0.0.1:8080/admin', 'file:///etc/passwd', 'http://10.0.3.7/']))}`, k % 3 ? 200 : 400, 300, '-', 'Go-http-client/1.1'),
  },
  {
    // Scaled with the file, so that the burst stands out against the background in its minutes.
    name: '5xx burst',
    count: Math.max(900, Math.round(LINES / 400)),
    burst: true,
    line: (ms, k) => line(pick(clients).ip, null, ms, 'GET', `/api/v1/products/${1000 + (k % 500)}`, 503, 90, '-', pick(BROWSERS)),
  },
  {
    name: 'python-requests on checkout',
    count: 400,
    line: (ms, k) => line(`185.220.101.${k % 40}`, `cust0${200 + (k % 50)}`, ms, 'POST', '/api/v1/checkout', 200, 700, '-', 'python-requests/2.31.0'),
  },
  {
    name: 'scraper far above the baseline',
    count: 6000,
    burst: true,
    line: (ms, k) => line('91.240.118.29', null, ms, 'GET', `/api/v1/products/${1000 + (k % 5000)}`, 200, 2500, '-', 'Mozilla/5.0 (compatible; PriceBot/2.1)'),
  },
  {
    name: 'one key hammering the AI assistant',
    count: 3000,
    burst: true,
    line: (ms, k) => line('34.118.77.5', 'svc-integration', ms, 'POST', '/api/v1/assistant/chat/completions', 200, 4000, '-', 'okhttp/4.12.0'),
  },
];

// Place each planted attack in its own window of the file (bursts packed into a few minutes).
const schedule = new Map();
{
  const planted = PLANTED.filter((p) => p.count <= LINES / 50);
  planted.forEach((p, n) => {
    const at = Math.floor(((n + 1) / (planted.length + 1)) * LINES);
    const spread = p.burst ? Math.min(p.count * 2, LINES / 200) : Math.min(p.count * 40, LINES / 15);
    for (let k = 0; k < p.count; k++) {
      let i = Math.floor(at + (k / p.count) * spread) + int(3);
      while (schedule.has(i)) i++;
      schedule.set(i, [p, k]);
    }
  });
}

// ---- write ------------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'openapi.yaml'), SPEC);
const logName = GZIP ? 'access.log.gz' : 'access.log';
const file = createWriteStream(path.join(OUT, logName));
const sink = GZIP ? createGzip({ level: 6 }) : file;
if (GZIP) sink.pipe(file);
let buf = '';
let written = 0;
const burstStretch = new Map();
async function flush(final) {
  if (!buf) return;
  const ok = sink.write(buf);
  buf = '';
  if (!ok && !final) await new Promise((r) => sink.once('drain', r));
}
for (let i = 0; i < LINES; i++) {
  let ms = timeAt(i);
  const planted = schedule.get(i);
  if (planted) {
    const [p, k] = planted;
    if (p.burst) {
      // Bursts: all their requests inside a few minutes from the first one.
      let t0 = burstStretch.get(p);
      if (t0 === undefined) burstStretch.set(p, (t0 = ms));
      ms = t0 + Math.floor((k / p.count) * (p.name.startsWith('5xx') ? 120_000 : p.name.startsWith('one key') ? 1_800_000 : 600_000));
    }
    buf += p.line(ms, k);
  } else buf += background(ms);
  written++;
  if (buf.length > 1 << 20) await flush(false);
}
await flush(true);
sink.end();
await new Promise((r) => file.on('close', r));
process.stdout.write(JSON.stringify({ out: OUT, log: path.join(OUT, logName), spec: path.join(OUT, 'openapi.yaml'), lines: written, planted: PLANTED.map((p) => p.name) }) + '\n');

// Deterministic generator for the gateway benchmark: a Kong decK file with 5,000 routes and
// 20,000 plugins, and an nginx.conf with 2,000 locations. Usage: node generate.mjs OUTDIR
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const out = process.argv[2] ?? path.join(import.meta.dirname, '..', 'results', 'gateway');
mkdirSync(out, { recursive: true });
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const words = ['orders', 'users', 'payments', 'invoices', 'carts', 'products', 'shipments', 'reviews', 'accounts', 'reports'];

// Kong: 1,000 services × 5 routes; 4 plugins per route (20,000 in total).
const kong = ['_format_version: "3.0"', 'services:'];
for (let s = 0; s < 1000; s++) {
  const w = words[s % words.length];
  kong.push(`  - name: svc-${s}`, `    url: ${rand() < 0.1 ? 'http' : 'https'}://backend-${s}.internal:8443/${w}`, '    routes:');
  for (let r = 0; r < 5; r++) {
    const id = s * 5 + r;
    kong.push(
      `      - name: route-${id}`,
      `        paths: ["${rand() < 0.3 ? `~/v${1 + (id % 3)}/${w}/${s}/(?<id>\\\\d+)$` : `/v${1 + (id % 3)}/${w}/${s}/r${r}`}"]`,
      `        methods: [${rand() < 0.5 ? 'GET' : 'GET, POST'}]`,
      '        plugins:',
      `          - name: ${rand() < 0.8 ? 'key-auth' : 'jwt'}`,
      `            config: {${rand() < 0.5 ? 'key_in_query: false' : 'hide_credentials: true'}}`,
      '          - name: rate-limiting',
      `            config: {minute: ${10 + Math.floor(rand() * 1000)}, policy: local}`,
      '          - name: cors',
      `            config: {origins: ["${rand() < 0.05 ? '*' : 'https://app.example.com'}"], credentials: ${rand() < 0.5}}`,
      '          - name: request-size-limiting',
      `            config: {allowed_payload_size: ${1 + Math.floor(rand() * 20)}}`,
    );
  }
}
writeFileSync(path.join(out, 'kong.yaml'), kong.join('\n') + '\n');

// NGINX: one server block with 2,000 locations.
const nginx = ['events {}', 'http {', '  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;', '  upstream backend { server 10.0.0.10:8080; }', '  server {', '    listen 443 ssl;', '    server_name api.example.com;', '    ssl_protocols TLSv1.2 TLSv1.3;'];
for (let l = 0; l < 2000; l++) {
  const w = words[l % words.length];
  nginx.push(`    location /api/${w}/${l} {`);
  if (rand() < 0.7) nginx.push('      auth_request /auth;');
  if (rand() < 0.6) nginx.push('      limit_req zone=api burst=20;');
  nginx.push('      proxy_pass http://backend;', '    }');
}
nginx.push('    location = /auth { internal; proxy_pass http://10.0.0.20/verify; }', '  }', '}');
writeFileSync(path.join(out, 'nginx.conf'), nginx.join('\n') + '\n');
console.log(`wrote ${path.join(out, 'kong.yaml')} and ${path.join(out, 'nginx.conf')}`);

/**
 * The HTTP test transport: loopback only, a bearer token on every call, its own Host and Origin
 * only, the same contract as IPC (a real call against a real workspace), events over the
 * stream, and the renderer served with the shim and the CSP.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackAddress, startTestTransport, type TestTransport } from '../../../../../electron/node/test-transport/test-transport.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../../../../assets/samples/clinic-api.yaml');
let dir: string;
let transport: TestTransport;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-transport-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  transport = await startTestTransport({ userDataDir: path.join(dir, 'user-data'), rendererDir: renderer });
});
afterEach(async () => {
  await transport.close();
});

async function call(name: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${transport.url}api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${transport.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } } };
}

/** A raw request, to set headers fetch will not let us set (Host). */
function raw(pathname: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(transport.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pathname, method: 'GET', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('test transport', () => {
  it('binds to loopback only, on a random port, with a random token', async () => {
    expect(transport.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(transport.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.org', 'localhost']) {
      await expect(startTestTransport({ userDataDir: path.join(dir, 'x'), host })).rejects.toThrow(/loopback address only/);
    }
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    const second = await startTestTransport({ userDataDir: path.join(dir, 'y'), rendererDir: dir });
    expect(second.token).not.toBe(transport.token);
    expect(second.url).not.toBe(transport.url);
    await second.close();
  });

  it('answers no call without the token, with a wrong one, or from another origin or host', async () => {
    const noToken = await fetch(`${transport.url}api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call('app.info', {}, { authorization: `Bearer ${transport.token.slice(0, -1)}x` })).status).toBe(401);
    expect((await call('app.info', {}, { authorization: transport.token })).status).toBe(401);
    expect((await call('app.info', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await raw('/api/events', { host: 'evil.example', authorization: `Bearer ${transport.token}` })).toBe(421);
    expect(await raw('/', { host: `localhost:${new URL(transport.url).port}` })).toBe(421);
    const events = await fetch(`${transport.url}api/events`);
    expect(events.status).toBe(401);
  });

  it('serves the contract and nothing else: unknown calls are 404, bad input names the field', async () => {
    expect(await call('app.info', {})).toMatchObject({ status: 200, body: { ok: true, value: { name: 'gatehouse' } } });
    expect(await call('shell.exec', {})).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not-found' } } });
    const bad = await call('findings.list', { limit: 'all' });
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/limit:/) } });
    const notJson = await fetch(`${transport.url}api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${transport.token}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('runs a real audit against a real workspace, with events on the stream', async () => {
    const file = path.join(dir, 'audit.gatehouse');
    transport.answerDialog([file], 'create-workspace');
    transport.answerDialog([SAMPLE], 'evidence-files');
    expect((await call('dialogs.pick', { purpose: 'create-workspace' })).body.value).toEqual({ paths: [file] });
    expect((await call('workspace.create', { file, meta: { name: 'Transport audit', auditor: 'bob' } })).body).toMatchObject({ ok: true, value: { file } });
    await call('dialogs.pick', { purpose: 'evidence-files' });

    const stream = await fetch(`${transport.url}api/events`, { headers: { authorization: `Bearer ${transport.token}` } });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const received: any[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('data: ')) received.push(JSON.parse(block.slice(6)));
        }
        if (received.some((e) => e.type === 'job.finished' && e.kind === 'audit')) return;
      }
    })();

    const imported = await call('evidence.import', { paths: [SAMPLE] });
    expect((await call('jobs.wait', imported.body.value)).body.value).toMatchObject({ state: 'done', kind: 'import' });
    const audit = await call('audit.run', {});
    const outcome = (await call('jobs.wait', audit.body.value)).body.value;
    expect(outcome).toMatchObject({ state: 'done', result: { kind: 'audit', runId: 1 } });
    await reading;
    await reader.cancel();
    expect(received.map((e) => e.type)).toEqual(expect.arrayContaining(['workspace.changed', 'job.started', 'job.progress', 'job.finished']));

    const findings = await call('findings.list', { filter: { severity: ['high'] }, limit: 5 });
    expect(findings.body.value.total).toBeGreaterThan(0);
    expect(findings.body.value.items.every((f: { severity: string }) => f.severity === 'high')).toBe(true);
    // Another "window" (client) is a separate session: no workspace, and this one's is locked to it.
    expect((await call('workspace.meta', {}, { 'x-gatehouse-client': 'second' })).body).toMatchObject({ ok: false, error: { code: 'no-workspace' } });
    expect((await call('workspace.open', { file }, { 'x-gatehouse-client': 'second' })).body).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('serves the renderer with the shim first, the CSP, and nothing outside the renderer folder', async () => {
    const page = await fetch(transport.url);
    const html = await page.text();
    expect(html.indexOf('./__gatehouse/shim.js')).toBeGreaterThan(-1);
    expect(html.indexOf('./__gatehouse/shim.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe/);
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const shim = await (await fetch(`${transport.url}__gatehouse/shim.js`)).text();
    expect(shim).toContain('"findings.list"');
    expect(shim).not.toContain(transport.token);
    expect((await fetch(`${transport.url}assets/app.js`)).status).toBe(200);
    for (const p of ['..%2fsecret.txt', '%2e%2e/secret.txt', 'assets/..%2f..%2fsecret.txt', 'assets%5c..%5c..%5csecret.txt']) {
      expect((await fetch(`${transport.url}${p}`)).status, p).not.toBe(200);
    }
    expect((await fetch(transport.url, { method: 'POST' })).status).toBe(405);
  });
});

/** The app scheme's file server: the renderer's files only, always with the CSP. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppFile } from '../../../../electron/main/app-protocol.js';
import { dialogSpec } from '../../../../electron/main/dialog-options.js';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/main/security-settings.js';

let root: string;
beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-protocol-'));
  root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'secret');
});

describe('app protocol', () => {
  it('serves index.html for the root and assets by path, with the CSP and nosniff on every response', async () => {
    const serve = createAppProtocolHandler(root);
    for (const [url, type] of [
      ['app://gatehouse/', 'text/html; charset=utf-8'],
      ['app://gatehouse/index.html', 'text/html; charset=utf-8'],
      ['app://gatehouse/assets/app.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const response = await serve({ url, method: 'GET' });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const missing = await serve({ url: 'app://gatehouse/nope.js', method: 'GET' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never leaves the renderer folder, never answers another host, only GET and HEAD', async () => {
    const serve = createAppProtocolHandler(root);
    for (const url of [
      'app://gatehouse/../secret.txt',
      'app://gatehouse/%2e%2e/secret.txt',
      'app://gatehouse/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://gatehouse/..%5csecret.txt',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect((await serve({ url, method: 'GET' })).status, url).toBe(404);
    }
    // Dot segments are resolved by the URL parser or refused: either way the file stays inside.
    for (const url of ['app://gatehouse/%2e%2e/secret.txt', 'app://gatehouse/a/../../secret.txt', 'app://gatehouse/%2E%2E%2Fsecret.txt']) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
    expect(resolveAppFile(root, 'app://gatehouse/..%5csecret.txt')).toBeNull();
    expect((await serve({ url: 'app://gatehouse/index.html', method: 'POST' })).status).toBe(405);
    expect((await serve({ url: 'app://gatehouse/index.html', method: 'HEAD' })).status).toBe(200);
  });
});

describe('native dialogs', () => {
  it('are chosen by purpose; the renderer suggests at most a file name', () => {
    expect(dialogSpec('evidence-folder')).toMatchObject({ kind: 'open', properties: ['openDirectory'] });
    expect(dialogSpec('evidence-files')).toMatchObject({ kind: 'open', properties: ['openFile', 'multiSelections'] });
    expect(dialogSpec('save-report', '../../etc/cron.d/x.pdf')).toMatchObject({ kind: 'save', defaultPath: 'x.pdf' });
    expect(dialogSpec('create-workspace', '..')).toMatchObject({ kind: 'save', defaultPath: 'audit.gatehouse' });
  });
});

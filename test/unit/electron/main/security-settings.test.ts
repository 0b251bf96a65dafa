/**
 * Main's security posture, checked as data: the module that holds it must load without Electron
 * (which cannot run here), and main applies exactly these values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  externalLink,
  isAllowedRequest,
  isAppFrame,
  isAppUrl,
  navigationDecision,
  PERMISSION_DECISION,
  webPreferences,
  windowOptions,
} from '../../../../electron/main/security-settings.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const source = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('BrowserWindow options', () => {
  const options = windowOptions('/app/build/electron/preload/preload.cjs', { devTools: false });

  it('isolate, sandbox and strip the renderer of Node', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/build/electron/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
    expect(options.show).toBe(false);
  });

  it('turn DevTools on only when asked (never in a packaged app: main checks app.isPackaged)', () => {
    expect(webPreferences('/p', { devTools: true }).devTools).toBe(true);
    expect(source('electron/main/main.ts')).toMatch(/const devTools = !app\.isPackaged && /);
  });
});

describe('Content Security Policy', () => {
  it('is the strict policy: nothing by default, own scripts and styles, images from itself or data:, no network', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; " +
        "object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('has no unsafe-inline, unsafe-eval, wildcard or remote source anywhere', () => {
    for (const [directive, values] of Object.entries(CSP_DIRECTIVES)) {
      for (const value of values) {
        expect(value, directive).not.toMatch(/unsafe|\*|https?:|blob:|ws:|filesystem:/);
      }
    }
  });
});

describe('the app scheme', () => {
  it('is standard and secure with fetch and CORS for modules, and never bypasses the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      stream: false,
      codeCache: false,
    });
    expect(APP_ENTRY).toBe('app://gatehouse/index.html');
  });

  it('recognises only its own URLs', () => {
    expect(isAppUrl('app://gatehouse/index.html')).toBe(true);
    expect(isAppUrl('app://gatehouse/assets/index-1.js')).toBe(true);
    for (const url of ['app://other/index.html', 'app://gatehouse.evil/', 'file:///index.html', 'https://gatehouse/', 'app://x@gatehouse/', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  it('accepts only the app\'s own top-level frame', () => {
    expect(isAppFrame({ url: APP_ENTRY, parent: null })).toBe(true);
    expect(isAppFrame({ url: 'app://gatehouse/index.html#/findings', parent: null })).toBe(true);
    expect(isAppFrame({ url: APP_ENTRY, parent: { url: APP_ENTRY } })).toBe(false);
    expect(isAppFrame({ url: 'https://example.org/', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'devtools://devtools/bundled/index.html', parent: null })).toBe(false);
    expect(isAppFrame(null)).toBe(false);
    expect(isAppFrame(undefined)).toBe(false);
  });
});

describe('requests, navigation and permissions', () => {
  it('lets through only app content and data: URLs; no remote content ever', () => {
    expect(isAllowedRequest('app://gatehouse/assets/app.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    for (const url of ['https://example.org/x.js', 'http://127.0.0.1:8080/', 'wss://example.org/', 'file:///etc/passwd', 'ftp://example.org/', 'app://other/x', 'blob:app://gatehouse/1']) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
    expect(isAllowedRequest('devtools://devtools/bundled/x.js')).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/x.js', { devTools: true })).toBe(true);
  });

  it('never navigates; http(s) and mailto links are offered to the system browser, nothing else', () => {
    expect(navigationDecision('https://owasp.org/API-Security/')).toEqual({ allow: false, external: 'https://owasp.org/API-Security/' });
    expect(navigationDecision('mailto:security@example.org')).toEqual({ allow: false, external: 'mailto:security@example.org' });
    expect(navigationDecision('app://gatehouse/other.html')).toEqual({ allow: false, external: null });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org/', 'ms-msdt:/id']) {
      expect(externalLink(url), url).toBeNull();
    }
  });

  it('denies every permission', () => {
    expect(PERMISSION_DECISION).toBe(false);
    const main = source('electron/main/main.ts');
    expect(main).toMatch(/setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(PERMISSION_DECISION\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => PERMISSION_DECISION\)/);
    expect(main).toMatch(/webRequest\.onBeforeRequest\(.*isAllowedRequest/);
    expect(main).toMatch(/isTrustedSender: \(event\) => isAppFrame\(event\.senderFrame\)/);
    expect(main).toMatch(/app\.enableSandbox\(\)/);
  });

  it('main denies navigation, new windows and webviews on every web contents', () => {
    const windows = source('electron/main/windows.ts');
    expect(windows).toMatch(/'will-navigate', \(event, url\) => \{\s*event\.preventDefault\(\)/);
    expect(windows).toMatch(/setWindowOpenHandler\([\s\S]*?return \{ action: 'deny' \}/);
    expect(windows).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(source('electron/main/main.ts')).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => hardenWebContents\(contents\)\)/);
  });
});

describe('modules main loads', () => {
  it('security settings, the app protocol and the dialogs load without Electron', async () => {
    for (const file of ['security-settings', 'app-protocol', 'dialog-options']) {
      expect(source(`electron/main/${file}.ts`)).not.toMatch(/from 'electron'/);
    }
    // Importing electron in plain Node throws here (no binary): these imports prove they do not.
    await expect(import('../../../../electron/main/security-settings.js')).resolves.toHaveProperty('CONTENT_SECURITY_POLICY');
    await expect(import('../../../../electron/main/app-protocol.js')).resolves.toHaveProperty('createAppProtocolHandler');
    await expect(import('../../../../electron/main/dialog-options.js')).resolves.toHaveProperty('dialogSpec');
  });

  it('never import the test transport', () => {
    for (const file of ['main', 'windows', 'app-protocol', 'security-settings', 'dialog-options']) {
      expect(source(`electron/main/${file}.ts`)).not.toMatch(/^import[^;]*test-transport/m);
    }
  });
});

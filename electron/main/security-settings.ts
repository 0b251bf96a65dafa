/**
 * The desktop app's security posture as data: the app scheme and its privileges, the Content
 * Security Policy, the BrowserWindow options, and the decisions main takes on every request,
 * navigation, frame and permission. Deliberately free of `electron` imports, so the unit tests
 * check exactly what main applies (Electron cannot run in CI here).
 *
 * Anchors: the Electron security checklist, Doyensec's electronegativity checks, VS Code's
 * sandboxed renderer and validated IPC, Signal's protocol filter and fuses.
 */

/** The renderer is served from `app://gatehouse/…`, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gatehouse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the app scheme (protocol.registerSchemesAsPrivileged): standard (real origin,
 * relative URLs), secure (a secure context), fetch and CORS for ES modules, no CSP bypass, no
 * service workers, no streaming, no code cache (nothing the UI needs).
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
  codeCache: false,
} as const;

export { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, appResponseHeaders, cspOf } from '../node/security/content-security-policy.js';

/** webPreferences every Gatehouse window gets. */
export function webPreferences(preload: string, options: { devTools: boolean }) {
  return {
    preload,
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
    safeDialogs: true,
    spellcheck: false,
    // Middle-click would open links in new windows; navigation is denied anyway.
    disableBlinkFeatures: 'Auxclick',
    devTools: options.devTools,
  } as const;
}

/** The BrowserWindow options of the main window. */
export function windowOptions(preload: string, options: { devTools: boolean; icon?: string }) {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Gatehouse',
    backgroundColor: '#14171c',
    autoHideMenuBar: false,
    ...(options.icon !== undefined ? { icon: options.icon } : {}),
    webPreferences: webPreferences(preload, options),
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL of the app's own content. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** The part of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  url: string;
  parent: unknown;
}

/**
 * IPC is answered only for the app's own top-level frame: a subframe, a frame on another origin,
 * or a frame already gone (null) is refused.
 */
export function isAppFrame(frame: FrameLike | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Requests the session lets through (webRequest.onBeforeRequest): the app's own content and
 * data: URLs (previews). Everything else — http(s), ws(s), file, ftp, any other scheme — is
 * cancelled: no remote content, ever. DevTools' own pages only when DevTools are enabled.
 */
export function isAllowedRequest(url: string, options: { devTools: boolean } = { devTools: false }): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('data:')) return true;
  if (options.devTools && url.startsWith('devtools://')) return true;
  return false;
}

/** A link the user may be offered to open in the system browser (after confirming); null for anything else. */
export function externalLink(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if ((u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && u.username === '' && u.password === '') return u.toString();
  if (u.protocol === 'mailto:') return u.toString();
  return null;
}

/** Navigation of a window away from its page is never allowed; what to do instead. */
export function navigationDecision(url: string): { allow: false; external: string | null } {
  return { allow: false, external: externalLink(url) };
}

/** Every permission request and check (camera, notifications, clipboard-read, …) is denied. */
export const PERMISSION_DECISION = false;

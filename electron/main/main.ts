/**
 * Electron main: one privileged app scheme serving the built renderer, a locked-down session
 * (no remote requests, every permission denied, CSP on every response), sandboxed windows, and the
 * contract registered on ipcMain through the one function that checks senders and validates
 * input and output. The services are the Electron-free ones in electron/node/services.
 *
 * The test transport (electron/node/test-transport) is never imported here, and electron-builder
 * leaves it out of the package.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, webContents, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL } from '../../shared/api/names.js';
import { createServices, type AppServices } from '../node/services/app-services.js';
import { registerContract } from '../node/services/register-contract.js';
import { createAppProtocolHandler } from './app-protocol.js';
import { dialogSpec } from './dialog-options.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, isAllowedRequest, isAppFrame, PERMISSION_DECISION } from './security-settings.js';
import { confirmAndOpenExternal, createMainWindow, hardenWebContents } from './windows.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** build/electron/main → the app root (the asar when packaged). */
const appRoot = path.resolve(here, '..', '..', '..');
const rendererDir = path.join(appRoot, 'build', 'renderer');
const preload = path.join(appRoot, 'build', 'electron', 'preload', 'preload.cjs');
const icon = path.join(appRoot, 'assets', 'icons', 'png', '512x512.png');
const devTools = !app.isPackaged && process.env.GATEHOUSE_DEVTOOLS === '1';

// Before 'ready': every renderer sandboxed, the app scheme privileged.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

let services: AppServices | undefined;

function windowOf(client: string): BrowserWindow | null {
  const contents = webContents.fromId(Number(client));
  return contents ? BrowserWindow.fromWebContents(contents) : null;
}

function openWindow(): BrowserWindow {
  const win = createMainWindow(preload, { devTools, icon });
  const client = String(win.webContents.id);
  win.on('closed', () => void services?.closeClient(client));
  return win;
}

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(PERMISSION_DECISION));
  ses.setPermissionCheckHandler(() => PERMISSION_DECISION);
  ses.setDevicePermissionHandler(() => PERMISSION_DECISION);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, { devTools }) }));
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  ses.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  services = createServices({
    userDataDir: app.getPath('userData'),
    host: {
      async pick(client, { purpose, defaultName }) {
        const owner = windowOf(client);
        const spec = dialogSpec(purpose, defaultName);
        if (spec.kind === 'save') {
          const options = { title: spec.title, defaultPath: path.join(app.getPath('documents'), spec.defaultPath), filters: spec.filters };
          const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
          return result.canceled || !result.filePath ? [] : [result.filePath];
        }
        const options = { title: spec.title, properties: [...spec.properties], ...(spec.filters ? { filters: spec.filters } : {}) };
        const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
        return result.canceled ? [] : result.filePaths;
      },
      openExternal: (client, url) => confirmAndOpenExternal(windowOf(client), url),
    },
  });

  registerContract<IpcMainInvokeEvent>(ipcMain, services.services, {
    isTrustedSender: (event) => isAppFrame(event.senderFrame),
    clientOf: (event) => String(event.sender.id),
    onError: (name, error) => console.error(`gatehouse: ${name} failed:`, error),
  });
  services.onEvent((client, event) => {
    const contents = webContents.fromId(Number(client));
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });

  openWindow();
}

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  } else openWindow();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && services) openWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let disposed = false;
app.on('before-quit', (event) => {
  if (disposed || !services) return;
  event.preventDefault();
  disposed = true;
  void services.dispose().finally(() => app.quit());
});

app.whenReady().then(start, (error: unknown) => {
  console.error('gatehouse: could not start', error);
  app.exit(1);
});

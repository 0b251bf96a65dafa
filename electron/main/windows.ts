/**
 * Windows and the guards every web contents gets: no navigation away from the app, no new
 * windows, no webviews; an http(s)/mailto link the user clicks is offered to the system browser
 * after a confirmation dialog.
 */
import { BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { APP_ENTRY, externalLink, navigationDecision, windowOptions } from './security-settings.js';

/** Asks, then opens the link in the system browser; resolves whether it did. */
export async function confirmAndOpenExternal(owner: BrowserWindow | null, url: string): Promise<boolean> {
  const link = externalLink(url);
  if (link === null) return false;
  const options = {
    type: 'question' as const,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    title: 'Open a link',
    message: 'Open this link in your web browser?',
    detail: `${link}\n\nGatehouse itself never goes online; your browser will.`,
  };
  const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
  if (response !== 0) return false;
  await shell.openExternal(link);
  return true;
}

/** Applied to every web contents the app creates (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents): void {
  const offer = (url: string) => {
    const { external } = navigationDecision(url);
    if (external !== null) void confirmAndOpenExternal(BrowserWindow.fromWebContents(contents), external);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    offer(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    offer(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(preload: string, options: { devTools: boolean; icon?: string }): BrowserWindow {
  const base = windowOptions(preload, options);
  // The security-relevant preferences are restated literally here (they equal the tested
  // settings in security-settings.ts) so that static checkers such as electronegativity see them.
  const win = new BrowserWindow({
    ...base,
    webPreferences: {
      ...base.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}

/** `window.gatehouse`: provided by the preload in the app and by the HTTP shim under the test transport. */
import type { GatehouseApi } from '../shared/api/index.js';

declare global {
  interface Window {
    readonly gatehouse: GatehouseApi;
  }
}

export {};

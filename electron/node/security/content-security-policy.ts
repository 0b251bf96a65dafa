/**
 * The renderer's Content Security Policy and response headers, shared by main's app scheme and
 * the test transport (which differs only in allowing fetch to itself: `connect-src 'self'`).
 */

/**
 * The CSP on every response of the app scheme. Everything not listed is 'none'. The UI needs its
 * own scripts, styles and fonts, and images from itself or data: URLs (report page previews).
 * No 'unsafe-inline', no 'unsafe-eval', no network (`connect-src 'none'`: the UI talks to main
 * over IPC, which CSP does not govern).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'worker-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function cspOf(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = cspOf(CSP_DIRECTIVES);

/** Headers on every response of the app scheme. */
export function appResponseHeaders(contentType: string, csp = CONTENT_SECURITY_POLICY): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()',
    'Cache-Control': 'no-store',
  };
}


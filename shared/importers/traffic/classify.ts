/**
 * What kind of endpoint a template is (credential flow, AI endpoint, business flow, static file)
 * and what kind of client a user agent is. Judged once per endpoint and once per user-agent
 * string, never per request.
 */

/** Login, token, password and OTP flows: where credential stuffing and brute force land. */
const CREDENTIAL_SEGMENT = /^(log-?in|sign-?in|sign_in|signon|log-?on|auth|authenticate|authentication|authorize|token|tokens|session|sessions|password|passwords|passwd|otp|mfa|2fa|verify|wp-login\.php|xmlrpc\.php)$|log-?in|sign-?in/i;

export function isCredentialEndpoint(template: string): boolean {
  for (const seg of template.split('/')) if (seg && !seg.startsWith('{') && CREDENTIAL_SEGMENT.test(seg)) return true;
  return false;
}

/** AI endpoints by path (docs/controls.md §2 "Finding AI endpoints"): strong signals only. */
const AI_PATH =
  /\/chat\/completions(\/|$)|(^|\/)completions(\/|$)|(^|\/)embeddings?(\/|$)|\/v\d+[a-z0-9]*\/(responses|messages|generate|images\/generations|audio\/(transcriptions|speech))(\/|$)|:(generateContent|streamGenerateContent|predict|embedContent)$|\/model\/[^/]+\/(invoke|converse)|(^|\/)(llm|genai|ai)(\/|$)|\/(inference|generate)(\/|$)/i;

export function isAiEndpoint(template: string): boolean {
  return AI_PATH.test(template);
}

/** Business flows meant for people (OWASP API6; Automated Threats): buying, signing up, redeeming, voting… */
const FLOW_SEGMENT =
  /^(checkout|cart|carts|basket|baskets|orders?|purchases?|buy|payments?|pay|redeem|redemptions?|coupons?|vouchers?|promos?|promotions?|gift-?cards?|signup|sign-up|register|registration|registrations|reservations?|reserve|bookings?|book|tickets?|votes?|vote|polls?|reviews?|comments?|referrals?|invites?|invitations?|transfers?|withdraw(als)?|subscribe|subscriptions?|forgot-?password|password-?reset|reset-?password|otp|sms|send-?sms|wishlist)$/i;

/** The flow a template belongs to (`checkout`), or undefined. Credential flows count too. */
export function businessFlowOf(template: string): string | undefined {
  for (const seg of template.split('/')) {
    if (!seg || seg.startsWith('{')) continue;
    const bare = seg.replace(/\.(php|aspx?|jsp|html?)$/i, '');
    if (FLOW_SEGMENT.test(bare)) return bare.toLowerCase();
  }
  if (isCredentialEndpoint(template)) return 'login';
  return undefined;
}

const STATIC = /\.(png|jpe?g|gif|svg|ico|webp|bmp|css|js|mjs|map|woff2?|ttf|eot|otf|mp4|webm|mp3|ogg|pdf|zip|gz|tgz|txt|xml|rss|atom|swf|flv)$/i;

export function isStaticPath(template: string): boolean {
  return STATIC.test(template);
}

/** Automation user agents (OWASP API6 LOG row): the library or tool, or undefined for browsers. */
const AGENTS: readonly [RegExp, string][] = [
  [/HeadlessChrome/i, 'HeadlessChrome'],
  [/PhantomJS/i, 'PhantomJS'],
  [/python-requests/i, 'python-requests'],
  [/python-urllib|urllib\d?\//i, 'python-urllib'],
  [/aiohttp/i, 'aiohttp'],
  [/python-httpx|\bhttpx\//i, 'httpx'],
  [/^curl\/|\bcurl\//i, 'curl'],
  [/^Wget\//i, 'Wget'],
  [/Go-http-client/i, 'Go-http-client'],
  [/okhttp/i, 'okhttp'],
  [/Scrapy/i, 'Scrapy'],
  [/^axios\//i, 'axios'],
  [/node-fetch|undici|^node\b/i, 'node-fetch'],
  [/Apache-HttpClient/i, 'Apache-HttpClient'],
  [/^Java\//i, 'Java'],
  [/libwww-perl|LWP::/i, 'libwww-perl'],
  [/PostmanRuntime/i, 'PostmanRuntime'],
  [/insomnia/i, 'insomnia'],
  [/HTTPie/i, 'HTTPie'],
  [/GuzzleHttp/i, 'Guzzle'],
  [/^Ruby|Faraday/i, 'Ruby'],
  [/Selenium|webdriver/i, 'Selenium'],
  [/Puppeteer|Playwright/i, 'Puppeteer'],
  [/sqlmap|nikto|nmap|masscan|zgrab|nuclei|dirbuster|gobuster|wfuzz|ffuf|burp/i, 'scanner'],
  [/bot\b|crawler|spider|slurp|bingpreview/i, 'crawler'],
];

export function automationAgent(userAgent: string): string | undefined {
  for (const [re, name] of AGENTS) if (re.test(userAgent)) return name;
  return undefined;
}

/** Stack traces and database errors in response bodies (docs/controls.md §1 API8 HAR row). */
const LEAKS: readonly [RegExp, string][] = [
  [/Traceback \(most recent call last\)/, 'Python traceback'],
  [/\bat [a-zA-Z_$][\w$]*(?:\.[\w$<>]+)+\([\w$]+\.(?:java|kt|scala):\d+\)|java\.lang\.[A-Za-z]*(?:Exception|Error)\b/, 'Java stack trace'],
  [/\bat [\w.<>`]+\(.*\) in .+:line \d+|System\.[A-Za-z.]*Exception\b/, '.NET stack trace'],
  [/\n\s+at (?:[\w.<>$ ]+ )?\(?(?:\/|[A-Za-z]:\\|node:internal|file:\/\/).+:\d+:\d+\)?/, 'Node.js stack trace'],
  [/(?:Fatal error|Parse error|Warning): .+ in .+ on line \d+|Stack trace:\s*#0 /, 'PHP error'],
  [/\.rb:\d+:in `/, 'Ruby backtrace'],
  [/goroutine \d+ \[running\]|panic: /, 'Go panic'],
  [/SQL syntax.*MySQL|ORA-\d{5}|PG::[A-Za-z]+Error|SQLSTATE\[|SQLite3?::|psycopg2\.errors|unterminated quoted string|syntax error at or near|Microsoft OLE DB|ODBC SQL Server Driver/i, 'SQL error'],
];

export function bodyLeakOf(text: string): string | undefined {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  for (const [re, name] of LEAKS) if (re.test(sample)) return name;
  return undefined;
}

/** /24 for IPv4, /64 for IPv6; undefined for anything else. */
export function subnetOf(ip: string): string | undefined {
  const dot = ip.lastIndexOf('.');
  if (dot > 0 && ip.indexOf(':') === -1) {
    let dots = 0;
    for (let i = 0; i < ip.length; i++) {
      const c = ip.charCodeAt(i);
      if (c === 46) dots++;
      else if (c < 48 || c > 57) return undefined;
    }
    return dots === 3 && dot < ip.length - 1 ? `${ip.slice(0, dot)}.0/24` : undefined;
  }
  if (ip.includes(':')) {
    const groups = ip.split('::')[0]!.split(':');
    if (groups.length >= 1 && groups.every((g) => /^[0-9a-f]{0,4}$/i.test(g))) return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return undefined;
}

const LEGACY_TLS = /^(SSLv2|SSLv3|TLSv1(\.0)?|TLSv1\.1|TLS1\.0|TLS1\.1|1\.0|1\.1|TLSv1_1|TLSv1_0)$/i;

export function isLegacyTls(version: string): boolean {
  return LEGACY_TLS.test(version);
}

/**
 * Timestamps of the log formats (docs/controls.md §4.12: local offsets, seconds vs ms), all
 * normalized to epoch milliseconds UTC. Written by hand because `Date.parse` does not read the
 * CLF form and is slow on a million lines.
 */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

// The hour last seen (`17/May/2015:10` and ` +0000`): lines of one hour only differ in minutes and seconds.
let hourPrefix = '';
let hourSuffix = '';
let hourBase = 0;

/**
 * CLF time `10/Oct/2000:13:55:36 -0700` (Apache `%t` without brackets, NGINX `$time_local`,
 * API Gateway `requestTime`). Fractions (`13:55:36.123`) are accepted. Undefined when malformed.
 */
export function parseClfTime(s: string): number | undefined {
  if (s.length === 26 && s.charCodeAt(20) === 32 && s.startsWith(hourPrefix) && s.endsWith(hourSuffix) && hourPrefix !== '') {
    const m = two(s, 15);
    const sec = two(s, 18);
    if (m >= 0 && m < 60 && sec >= 0 && sec <= 60 && s.charCodeAt(14) === 58 && s.charCodeAt(17) === 58) return hourBase + m * 60_000 + sec * 1000;
  }
  const value = parseClfUncached(s);
  if (value !== undefined && s.length === 26 && s.charCodeAt(20) === 32) {
    // Copies (a slice would keep the whole chunk of text the time was cut from alive).
    hourPrefix = (' ' + s.slice(0, 14)).slice(1);
    hourSuffix = s.slice(20);
    hourBase = value - two(s, 15) * 60_000 - two(s, 18) * 1000;
  }
  return value;
}

/**
 * parseClfTime(line.slice(from, to)), without cutting the slice when the time falls in the hour
 * last seen (most lines of a log): the hour and zone are compared in place.
 */
export function parseClfTimeIn(line: string, from: number, to: number): number | undefined {
  if (to - from === 26 && hourPrefix !== '' && line.charCodeAt(from + 20) === 32 && line.startsWith(hourPrefix, from) && line.startsWith(hourSuffix, from + 20)) {
    const m = two(line, from + 15);
    const sec = two(line, from + 18);
    if (m >= 0 && m < 60 && sec >= 0 && sec <= 60 && line.charCodeAt(from + 14) === 58 && line.charCodeAt(from + 17) === 58) return hourBase + m * 60_000 + sec * 1000;
  }
  return parseClfTime(line.slice(from, to));
}

function parseClfUncached(s: string): number | undefined {
  // dd/Mon/yyyy:HH:MM:SS[.fff] +hhmm
  if (s.length < 20 || s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58) return undefined;
  const day = two(s, 0);
  const month = MONTHS[s.slice(3, 6)];
  const year = digit(s, 7) * 1000 + digit(s, 8) * 100 + digit(s, 9) * 10 + digit(s, 10);
  const h = two(s, 12);
  const m = two(s, 15);
  const sec = two(s, 18);
  if (month === undefined || !(day >= 1 && day <= 31) || !(h >= 0 && h < 24) || !(m >= 0 && m < 60) || !(sec >= 0 && sec <= 60) || !(year > 1970)) return undefined;
  let i = 20;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let scale = 100;
    i++;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      ms += digit(s, i) * scale;
      scale /= 10;
      i++;
    }
    ms = Math.floor(ms);
  }
  let offset = 0;
  if (s.charCodeAt(i) === 32) {
    const sign = s.charCodeAt(i + 1);
    if (sign === 43 || sign === 45) {
      const oh = two(s, i + 2);
      const om = s.charCodeAt(i + 4) === 58 ? two(s, i + 5) : two(s, i + 4);
      if (Number.isNaN(oh) || Number.isNaN(om)) return undefined;
      offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
    } else if (s.slice(i + 1, i + 2) === 'Z') offset = 0;
  }
  return Date.UTC(year, month, day, h, m, sec, ms) - offset * 60_000;
}

/**
 * ISO 8601 (`2024-05-01T10:00:00Z`, `…+02:00`, `…T10:00:00.123456Z`, with a space instead of T),
 * NGINX `$time_iso8601`, HAR `startedDateTime`, APIM `TimeGenerated`. Without a zone, UTC.
 */
export function parseIsoTime(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  if (!m) return undefined;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms);
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return Number.isFinite(t) ? t : undefined;
}

/**
 * Epoch numbers: seconds (`$msec` 1700000000.123, ALB), milliseconds (Kong `started_at`, API
 * Gateway `requestTimeEpoch`), micro/nanoseconds, told apart by magnitude.
 */
export function parseEpoch(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return Math.round(value / 1e6);
}

/** Any of the above, from a JSON field value. */
export function parseAnyTime(value: unknown): number | undefined {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string' || value === '' || value === '-') return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseEpoch(Number(s));
  if (s.charCodeAt(0) === 91 && s.endsWith(']')) return parseClfTime(s.slice(1, -1));
  if (/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:/.test(s)) return parseClfTime(s);
  return parseIsoTime(s);
}

/** ISO string of an epoch-ms time. */
export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

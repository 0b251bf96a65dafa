/**
 * One lookup per distinct value per request: client IPs, principals and user agents are
 * interned once (pseudonymized on the way in), and the summary and the stored batches both
 * work from the entry. Capped: past the cap, values get a transient entry with id -1.
 */

export interface Interned {
  /** 0, 1, 2… in order of first sight; -1 for a value past the cap. */
  id: number;
  /** The value as stored and shown (pseudonymized when keyed). */
  value: string;
  /** The raw value (a copy that pins no text of the file). */
  key: string;
  /** State the summary hangs on the value (its caller record, its agent family…). */
  slot: unknown;
  /** The value as a JSON string literal, once the batch encoder has needed it. */
  json: string | undefined;
  /** For client IPs: the subnet, pseudonymized like the IP. */
  subnet: string | undefined;
  /** For client IPs: the user agent and principal last seen from it (raw, and their entries), a shortcut past hashing them again. */
  lastUaRaw: string | undefined;
  lastUa: Interned | undefined;
  lastPrincipalRaw: string | undefined;
  lastPrincipal: Interned | undefined;
}

export class Interner {
  private readonly map = new Map<string, Interned>();
  private next = 0;
  overflow = false;

  constructor(
    private readonly cap: number,
    private readonly make: (raw: string) => { value: string; subnet?: string },
  ) {}

  get(raw: string): Interned {
    const hit = this.map.get(raw);
    if (hit !== undefined) return hit;
    const key = own(raw);
    const made = this.make(key);
    const entry: Interned = { id: -1, value: made.value, key, json: undefined, slot: undefined, subnet: made.subnet, lastUaRaw: undefined, lastUa: undefined, lastPrincipalRaw: undefined, lastPrincipal: undefined };
    if (this.map.size < this.cap) {
      entry.id = this.next++;
      this.map.set(key, entry);
    } else this.overflow = true;
    return entry;
  }

  get size(): number {
    return this.map.size;
  }

  /** The stored values (pseudonymized when keyed) of every interned entry. */
  values(): string[] {
    return [...this.map.values()].map((e) => e.value);
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a substring
 * as a view of its parent, so one short key kept in a map can pin a whole 1 MB chunk of the
 * file: everything this import keeps beyond one request goes through here.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

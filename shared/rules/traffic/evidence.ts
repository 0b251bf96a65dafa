/**
 * What traffic rules share: how a finding cites its evidence (counts, time window, callers,
 * endpoints, sample lines as locations `/line/N`), the thresholds the detections use, and the
 * inventory facts they read (does an endpoint require authentication, is it deprecated).
 */
import type { Severity } from '../../model/finding.js';
import type { SourceRef } from '../../model/source.js';
import type { Evidence, TrafficSummary } from '../../model/traffic.js';
import type { Inventory, InventoryEndpoint } from '../../inventory/inventory.js';
import { inventoryEndpointOf } from '../../inventory/observe.js';
import type { TrafficRuleContext } from '../define-rule.js';
import { authenticates } from '../gateway/auth.js';

/** The numbers the detections compare against (documented in README "Traffic evidence"). */
export const THRESHOLDS = {
  /** Credential failures from one IP that make a brute-force / stuffing finding. */
  failuresPerIp: 20,
  /** …or failures in one minute from one IP. */
  failuresPerMinute: 10,
  /** Credential failures from one /24 (or /64) subnet. */
  failuresPerSubnet: 50,
  /** Failures against one account, and the distinct IPs that make them distributed. */
  failuresPerAccount: 10,
  ipsPerAccount: 3,
  /** A success right after this many failures raises the finding to critical. */
  streakBeforeSuccess: 5,
  /** Distinct object ids one caller requests on one endpoint, with a share of 403/404 answers or a rate per minute. */
  enumerationIds: 50,
  enumerationMissShare: 0.3,
  enumerationPerMinute: 5,
  /** …or fewer ids, walked in order (id, id+1, …) this many times. */
  enumerationSequential: 20,
  enumerationIdsWithSequence: 20,
  /** A caller's peak requests per minute that counts as high (and at least this multiple of the median caller's peak). */
  ratePerMinute: 120,
  rateOverMedian: 10,
  /** AI: tokens a key uses in one day, requests from one key, its share of all AI requests, its peak per minute. */
  aiTokensPerDay: 1_000_000,
  aiRequests: 1000,
  aiShare: 0.5,
  aiPerMinute: 60,
  /** Automation user agents on a business flow: requests that make a finding. */
  automationRequests: 5,
  /** Findings of one rule per file at most (the rest are counted in the last message). */
  findingsPerRule: 100,
} as const;

export function lineRef(file: string, line: number): SourceRef {
  return { file, pointer: `/line/${line}` };
}

const fmt = (n: number): string => n.toLocaleString('en-US');
export { fmt as count };

/** `2015-05-17 10:05 UTC` */
export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'an unknown time';
}

/** `between 2015-05-17 10:05 and 2015-05-20 21:05 UTC` or `at …` for one moment. */
export function windowText(e: { firstSeen?: string; lastSeen?: string }): string {
  if (!e.firstSeen) return 'at times the log does not record';
  if (!e.lastSeen || e.lastSeen.slice(0, 16) === e.firstSeen.slice(0, 16)) return `at ${when(e.firstSeen)}`;
  return `between ${when(e.firstSeen).replace(' UTC', '')} and ${when(e.lastSeen)}`;
}

export function linesText(samples: readonly number[]): string {
  if (samples.length === 0) return '';
  return `${samples.length === 1 ? 'line' : 'lines'} ${samples.join(', ')}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${fmt(n)} ${n === 1 ? word : many}`;
}

/**
 * Reports findings of one rule over one file: each at a sample line no other finding of the
 * rule uses (so the engine keeps them apart), the other samples as related locations, and at
 * most THRESHOLDS.findingsPerRule of them.
 */
export class TrafficReporter {
  private readonly used = new Set<number>();
  private reported = 0;
  private skipped = 0;

  constructor(
    private readonly ctx: TrafficRuleContext,
    private readonly max: number = THRESHOLDS.findingsPerRule,
  ) {}

  get file(): string {
    return this.ctx.traffic.file;
  }

  report(samples: readonly number[], message: string, options: { endpoints?: string[]; severity?: Severity; occurrences?: number; fallbackLine?: number } = {}): void {
    if (this.reported >= this.max) {
      this.skipped++;
      return;
    }
    const lines = samples.length ? [...samples] : [options.fallbackLine ?? this.ctx.traffic.span?.firstLine ?? 1];
    let primary = lines.find((l) => !this.used.has(l));
    if (primary === undefined) {
      // Every sample already anchors a finding of this rule: step to a free line next to one.
      primary = lines[0]!;
      while (this.used.has(primary)) primary++;
    }
    this.used.add(primary);
    this.reported++;
    const at = lineRef(this.file, primary);
    const related = lines.filter((l) => l !== primary).map((l) => lineRef(this.file, l));
    this.ctx.report(at, {
      message: `${message}${samples.length ? ` See ${linesText(samples)} of ${this.file}.` : ''}`,
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      ...(options.severity ? { severity: options.severity } : {}),
      ...(options.occurrences ? { occurrences: Math.max(1, options.occurrences) } : {}),
      ...(related.length ? { related } : {}),
    });
  }

  /** How many findings were left out over the cap. */
  get overflow(): number {
    return this.skipped;
  }
}

/** Whether the inventory holds anything documented or exposed to compare traffic with. */
export function hasInventory(inventory: Inventory): boolean {
  return inventory.endpoints.some((e) => e.documented.length > 0 || e.exposed.length > 0);
}

export function endpointOf(inventory: Inventory, method: string, template: string): InventoryEndpoint | undefined {
  const e = inventoryEndpointOf(inventory, method, template);
  return e && (e.documented.length || e.exposed.length) ? e : undefined;
}

/** Why an inventory endpoint requires authentication (its spec, its gateway route), or undefined. */
export function authRequirement(e: InventoryEndpoint): string | undefined {
  const doc = e.documented.find((d) => d.auth === 'required');
  if (doc) return `${doc.spec} requires authentication for it`;
  const route = e.exposed.find((x) => x.effective !== false && authenticates(x.route));
  if (route) return `${route.gateway} authenticates it (${route.route.controls.authentication.map((a) => a.kind).join(', ')})`;
  return undefined;
}

/** Why an inventory endpoint is deprecated, or undefined. */
export function deprecation(e: InventoryEndpoint): string | undefined {
  const doc = e.documented.find((d) => d.deprecated);
  if (doc) return `deprecated in ${doc.spec}`;
  const route = e.exposed.find((x) => x.route.deprecated);
  if (route) return `marked deprecated in ${route.gateway}`;
  return undefined;
}

/** Top callers of an endpoint as text: `ip #3fa9… (120), principal alice (40)`. */
export function callersText(callers: readonly { caller: string; requests: number }[], max = 5): string {
  return callers
    .slice(0, max)
    .map((c) => `${c.caller} (${fmt(c.requests)})`)
    .join(', ');
}

/** The first path segments that belong to the API: those of the inventory's paths and base paths. */
export function apiRoots(inventory: Inventory): Set<string> {
  const roots = new Set<string>();
  for (const e of inventory.endpoints) {
    if (!e.documented.length && !e.exposed.length) continue;
    const first = e.path.split('/').find((s) => s !== '');
    if (first && !first.startsWith('{')) roots.add(first);
    for (const d of e.documented)
      for (const url of d.servers) {
        const m = /^(?:[a-z]+:)?(?:\/\/[^/]*)?\/([^/?#{]+)/i.exec(url);
        if (m) roots.add(m[1]!);
      }
  }
  return roots;
}

export function firstSegment(template: string): string | undefined {
  return template.split('/').find((s) => s !== '');
}

/** The evidence of one statistic, in words: `120 requests between … and …`. */
export function evidenceText(e: Evidence, noun = 'request'): string {
  return `${plural(e.count, noun)} ${windowText(e)}`;
}

/** The summary's privacy in a sentence (for messages about callers). */
export function privacyNote(t: TrafficSummary): string {
  return t.privacy.pseudonymized ? ' Callers are shown as keyed pseudonyms (#…).' : '';
}

/**
 * Runs rules over the normalized evidence and turns their reports into findings: one finding
 * per rule and place (reports at the same place merge their endpoints and occurrences), with a
 * stable fingerprint, resolved line/column, and in-place suppressions applied.
 */
import { compareFindings, type Finding, type Location, type Severity } from '../model/finding.js';
import { sourceKey, type SourceIndex, type SourceRef } from '../model/source.js';
import type { GatewayConfig } from '../model/gateway.js';
import type { SpecModel } from '../model/spec.js';
import type { TrafficSummary } from '../model/traffic.js';
import { buildInventory } from '../inventory/build-inventory.js';
import { addObserved } from '../inventory/observe.js';
import type { Inventory } from '../inventory/inventory.js';
import type { AnyRule, RuleContext, RuleReport } from '../rules/define-rule.js';
import { sha256Hex } from './sha256.js';
import { findSuppression } from './suppression.js';

export interface PositionedSources extends SourceIndex {
  locateMany(refs: readonly SourceRef[]): Location[];
}

export interface SpecEvidence {
  model: SpecModel;
  sources: PositionedSources;
}

export interface GatewayEvidence {
  config: GatewayConfig;
  sources: PositionedSources;
}

export interface TrafficEvidence {
  summary: TrafficSummary;
  sources: PositionedSources;
}

export interface EngineInput {
  specs: readonly SpecEvidence[];
  gateways?: readonly GatewayEvidence[];
  traffic?: readonly TrafficEvidence[];
}

export interface RuleFailure {
  ruleId: string;
  evidence: string;
  message: string;
}

export interface EngineResult {
  findings: Finding[];
  ruleFailures: RuleFailure[];
  inventory: Inventory;
}

interface Pending {
  rule: AnyRule;
  evidence: string;
  sources: PositionedSources;
  at: SourceRef;
  message: string;
  severity: Severity;
  endpoints: Set<string>;
  occurrences: number;
  related: SourceRef[];
}

export function fingerprintOf(ruleId: string, evidence: string, at: SourceRef): string {
  return sha256Hex(`${ruleId}\n${evidence}\n${at.file}#${at.pointer}`).slice(0, 24);
}

export function runRules(input: EngineInput, rules: readonly AnyRule[]): EngineResult {
  const pending = new Map<string, Pending>();
  const ruleFailures: RuleFailure[] = [];
  const gateways = input.gateways ?? [];

  /** A report sink for one rule over one piece of evidence (`evidence` undefined: cross rules). */
  const contextFor = (rule: AnyRule, evidence: string | undefined, sourcesOf: (at: SourceRef) => PositionedSources | undefined): RuleContext => ({
    report(at: SourceRef, r: RuleReport): void {
      const sources = sourcesOf(at);
      if (!sources) throw new Error(`rule ${rule.id} reported a place in ${at.file}, which is not part of the evidence`);
      const name = evidence ?? at.file;
      const key = `${rule.id}\n${name}\n${sourceKey(at)}`;
      const occurrences = r.occurrences ?? Math.max(1, r.endpoints?.length ?? 0);
      const existing = pending.get(key);
      if (existing) {
        for (const e of r.endpoints ?? []) existing.endpoints.add(e);
        existing.occurrences += occurrences;
        if (r.related) existing.related.push(...r.related);
        return;
      }
      pending.set(key, {
        rule,
        evidence: name,
        sources,
        at,
        message: r.message,
        severity: r.severity ?? rule.severity,
        endpoints: new Set(r.endpoints ?? []),
        occurrences,
        related: r.related ? [...r.related] : [],
      });
    },
  });
  const attempt = (rule: AnyRule, evidence: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      ruleFailures.push({ ruleId: rule.id, evidence, message: (e as Error).stack ?? String(e) });
    }
  };

  const inventory = buildInventory(
    input.specs.map((s) => s.model),
    gateways.map((g) => g.config),
  );
  for (const rule of rules) {
    if (rule.source === 'spec')
      for (const spec of input.specs) {
        const ctx = { ...contextFor(rule, spec.model.file, () => spec.sources), spec: spec.model };
        attempt(rule, spec.model.file, () => rule.check(ctx));
      }
    else if (rule.source === 'gateway')
      for (const gw of gateways) {
        const ctx = { ...contextFor(rule, gw.config.file, () => gw.sources), gateway: gw.config };
        attempt(rule, gw.config.file, () => rule.check(ctx));
      }
    else if (rule.source === 'traffic')
      for (const t of input.traffic ?? []) {
        const ctx = { ...contextFor(rule, t.summary.file, () => t.sources), traffic: t.summary, inventory };
        attempt(rule, t.summary.file, () => rule.check(ctx));
      }
  }

  // Traffic joins the inventory after the per-source rules: cross rules see what was observed.
  if (input.traffic?.length) addObserved(inventory, input.traffic.map((t) => t.summary));
  const crossRules = rules.filter((r) => r.source === 'cross');
  if (crossRules.length && (input.specs.length || gateways.length)) {
    // A place belongs to the evidence whose files include it.
    const owners = new Map<string, PositionedSources>();
    // A file that is both a spec and a gateway config (AWS, Tyk OAS exports) is located through
    // its spec index, which knows every JSON pointer of the file.
    for (const t of input.traffic ?? []) for (const f of t.summary.files) owners.set(f, t.sources);
    for (const g of gateways) for (const f of g.config.files) owners.set(f, g.sources);
    for (const s of input.specs) for (const f of s.model.files) owners.set(f, s.sources);
    for (const rule of crossRules) {
      const ctx = {
        ...contextFor(rule, undefined, (at) => owners.get(at.file)),
        inventory,
        specs: input.specs.map((s) => s.model),
        gateways: gateways.map((g) => g.config),
      };
      attempt(rule, 'inventory', () => rule.check(ctx));
    }
  }
  return { findings: toFindings([...pending.values()]), ruleFailures, inventory };
}

function toFindings(items: Pending[]): Finding[] {
  // Resolve every position in one batch per source set.
  const bySources = new Map<PositionedSources, SourceRef[]>();
  for (const p of items) {
    let list = bySources.get(p.sources);
    if (!list) bySources.set(p.sources, (list = []));
    list.push(p.at, ...p.related.slice(0, 50));
  }
  const located = new Map<string, Location>();
  for (const [sources, refs] of bySources) {
    const locs = sources.locateMany(refs);
    refs.forEach((r, i) => located.set(sourceKey(r), locs[i]!));
  }
  const findings = items.map((p): Finding => {
    const primary = located.get(sourceKey(p.at))!;
    const seen = new Set([sourceKey(p.at)]);
    const locations: Location[] = [primary];
    for (const r of p.related.slice(0, 50)) {
      const k = sourceKey(r);
      if (seen.has(k)) continue;
      seen.add(k);
      locations.push(located.get(k)!);
    }
    const finding: Finding = {
      fingerprint: fingerprintOf(p.rule.id, p.evidence, p.at),
      ruleId: p.rule.id,
      title: p.rule.title,
      severity: p.severity,
      confidence: p.rule.confidence,
      controls: [...p.rule.controls],
      equivalents: [...p.rule.equivalents],
      source: p.rule.source,
      message: p.message,
      evidence: [p.evidence],
      locations,
      endpoints: [...p.endpoints].sort(),
      occurrences: p.occurrences,
      status: 'open',
      remediation: p.rule.remediation,
    };
    const suppression = findSuppression(p.sources, p.at, p.rule.id);
    if (suppression) {
      finding.status = 'suppressed';
      const where = p.sources.locateMany([suppression.at])[0]!;
      finding.statusReason = `${suppression.reason} (${where.file}:${where.line})`;
    }
    return finding;
  });
  return findings.sort(compareFindings);
}

/**
 * A rule is data plus one function. The engine builds the indexes (the normalized models) once
 * and hands every rule a context; a rule reports places, the engine turns reports into findings
 * (fingerprint, grouping, suppression, positions).
 */
import type { RuleMeta } from '../model/rule.js';
import type { SourceRef } from '../model/source.js';
import type { GatewayConfig } from '../model/gateway.js';
import type { SpecModel } from '../model/spec.js';
import type { Inventory } from '../inventory/inventory.js';
import type { TrafficSummary } from '../model/traffic.js';

export interface RuleReport {
  /** The sentence the user reads: concrete, naming the thing (parameter, schema, scheme). */
  message: string;
  /** "METHOD /path" strings the problem affects. */
  endpoints?: string[];
  /** How many places show the problem; defaults to the number of endpoints (at least 1). */
  occurrences?: number;
  /** Further places that show the same problem (listed as extra locations). */
  related?: SourceRef[];
  /** A report may lower or raise the rule's severity for this instance, never silently: say why in the message. */
  severity?: RuleMeta['severity'];
}

export interface RuleContext {
  report(at: SourceRef, report: RuleReport): void;
}

export interface SpecRuleContext extends RuleContext {
  spec: SpecModel;
}

export interface SpecRule extends RuleMeta {
  source: 'spec';
  check(ctx: SpecRuleContext): void;
}

export interface GatewayRuleContext extends RuleContext {
  gateway: GatewayConfig;
}

export interface GatewayRule extends RuleMeta {
  source: 'gateway';
  check(ctx: GatewayRuleContext): void;
}

export interface TrafficRuleContext extends RuleContext {
  traffic: TrafficSummary;
  /** The joined inventory of the run's specs and gateways (for matching and "protected route" facts). */
  inventory: Inventory;
}

export interface TrafficRule extends RuleMeta {
  source: 'traffic';
  check(ctx: TrafficRuleContext): void;
}

/** Cross-source rules read the joined inventory of every spec and gateway of the run. */
export interface CrossRuleContext extends RuleContext {
  inventory: Inventory;
  specs: readonly SpecModel[];
  gateways: readonly GatewayConfig[];
}

export interface CrossRule extends RuleMeta {
  source: 'cross';
  check(ctx: CrossRuleContext): void;
}

export type AnyRule = SpecRule | GatewayRule | CrossRule | TrafficRule;

export function defineSpecRule(rule: Omit<SpecRule, 'source'>): SpecRule {
  return { ...rule, source: 'spec' };
}

export function defineGatewayRule(rule: Omit<GatewayRule, 'source'>): GatewayRule {
  return { ...rule, source: 'gateway' };
}

export function defineTrafficRule(rule: Omit<TrafficRule, 'source'>): TrafficRule {
  return { ...rule, source: 'traffic' };
}

export function defineCrossRule(rule: Omit<CrossRule, 'source'>): CrossRule {
  return { ...rule, source: 'cross' };
}

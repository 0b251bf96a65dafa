/**
 * A rule is data plus one function. The engine builds the indexes (the normalized models) once
 * and hands every rule a context; a rule reports places, the engine turns reports into findings
 * (fingerprint, grouping, suppression, positions).
 */
import type { RuleMeta } from '../model/rule.js';
import type { SourceRef } from '../model/source.js';
import type { SpecModel } from '../model/spec.js';

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

export type AnyRule = SpecRule;

export function defineSpecRule(rule: Omit<SpecRule, 'source'>): SpecRule {
  return { ...rule, source: 'spec' };
}

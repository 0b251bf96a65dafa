/**
 * Azure APIM policy documents and their composition. A policy document has four sections
 * (inbound, backend, outbound, on-error); in a child scope `<base/>` marks where the parent
 * scope's section runs (global → product → API → operation). A section that is absent from a
 * child document inherits the parent's whole section; one without `<base/>` replaces it.
 * `<include-fragment>` is replaced by the fragment's policies; `<choose>` branches, `<retry>`
 * and `<wait>` are walked with their conditions kept.
 */
import type { SettingScope } from '../../../model/gateway.js';
import { ImportError } from '../../import-error.js';
import type { MappedSources } from '../../text/mapped-sources.js';
import { parseXml, type XmlElement } from '../common/b-xml.js';

export type Section = 'inbound' | 'backend' | 'outbound' | 'on-error';

export interface PolicyDoc {
  file: string;
  scope: SettingScope;
  root: XmlElement;
}

/** One policy in force, in execution order. */
export interface EffectivePolicy {
  el: XmlElement;
  scope: SettingScope;
  section: Section;
  /** Conditions of the `<when>` branches it sits in (`otherwise` for an otherwise branch). */
  conditions: string[];
  /** Every branch of its `<choose>` (with an `<otherwise>`) holds a policy of the same name. */
  inEveryBranch: boolean;
}

export function readPolicyDoc(text: string, file: string, scope: SettingScope, sources: MappedSources, expectedRoot = 'policies'): PolicyDoc {
  const root = parseXml(text, file, sources, { policyExpressions: true });
  if (root.name !== expectedRoot)
    throw new ImportError(file, `not an Azure API Management ${expectedRoot === 'fragment' ? 'policy fragment' : 'policy document'}: the root element is <${root.name}>, not <${expectedRoot}>`, root.line, root.column);
  return { file, scope, root };
}

/** Loads a policy fragment by id, or undefined when it is not in the evidence. */
export type FragmentLoader = (id: string) => PolicyDoc | undefined;

export function effectivePolicies(chain: readonly PolicyDoc[], section: Section, fragments: FragmentLoader, onMissingFragment: (id: string, el: XmlElement, doc: PolicyDoc) => void): EffectivePolicy[] {
  const including = new Set<string>();
  const expand = (k: number): EffectivePolicy[] => {
    const doc = chain[k];
    if (!doc) return [];
    const sec = doc.root.children.find((c) => c.name === section);
    if (!sec) return expand(k - 1);
    return walk(sec.children, doc, k, []);
  };
  const walk = (children: XmlElement[], doc: PolicyDoc, k: number, conditions: string[]): EffectivePolicy[] => {
    const out: EffectivePolicy[] = [];
    for (const c of children) {
      if (c.name === 'base') out.push(...expand(k - 1));
      else if (c.name === 'include-fragment') {
        const id = c.attrs['fragment-id'] ?? '';
        const fragment = fragments(id);
        if (!fragment) onMissingFragment(id, c, doc);
        else if (including.has(id)) throw new ImportError(doc.file, `policy fragment "${id}" includes itself`, c.line, c.column);
        else {
          including.add(id);
          out.push(...walk(fragment.root.children, { ...fragment, scope: doc.scope }, k, conditions));
          including.delete(id);
        }
      } else if (c.name === 'choose') {
        const branches = c.children.filter((b) => b.name === 'when' || b.name === 'otherwise');
        const lists = branches.map((b) => walk(b.children, doc, k, [...conditions, b.name === 'when' ? (b.attrs.condition ?? 'true') : 'otherwise']));
        const complete = branches.some((b) => b.name === 'otherwise');
        for (const list of lists)
          for (const p of list) {
            if (complete && lists.every((l) => l.some((q) => q.el.name === p.el.name))) p.inEveryBranch = true;
            out.push(p);
          }
      } else if (c.name === 'retry' || c.name === 'wait') out.push(...walk(c.children, doc, k, conditions));
      else out.push({ el: c, scope: doc.scope, section, conditions, inEveryBranch: false });
    }
    return out;
  };
  return expand(chain.length - 1);
}

/** Applies only to some requests: inside a `<when>` / `<otherwise>` that not every branch shares. */
export function isConditional(p: EffectivePolicy): boolean {
  return p.conditions.length > 0 && !p.inEveryBranch;
}

/** Whether any document of the chain uses `<base/>` (it then inherits from scopes above it). */
export function usesBase(doc: PolicyDoc): boolean {
  const walk = (e: XmlElement): boolean => e.name === 'base' || e.children.some(walk);
  return walk(doc.root);
}

/**
 * An Apigee API proxy bundle read from the folder of its root descriptor (`apiproxy/<name>.xml`,
 * root element `<APIProxy>`): the ProxyEndpoints of `proxies/`, the TargetEndpoints of `targets/`
 * and the policies of `policies/`, found through `listDir` or, without it, through the lists of
 * the descriptor. Policies are known by their `name` attribute, which is what a `<Step>` names
 * (not the file name).
 */
import type { GatewayProblem } from '../../../model/gateway.js';
import { dirnameOf, joinRelative, type FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import type { MappedSources } from '../../text/mapped-sources.js';
import { child, childrenNamed, childText, descendants, parseXml, type XmlElement } from '../common/b-xml.js';

export interface ApigeePolicy {
  name: string;
  /** The policy type: the root element (VerifyAPIKey, Quota, AssignMessage, …). */
  type: string;
  el: XmlElement;
  file: string;
  enabled: boolean;
  continueOnError: boolean;
  attached: boolean;
}

export interface ApigeeStep {
  policyName: string;
  condition?: string;
  el: XmlElement;
  file: string;
}

export interface ApigeeFlow {
  name: string;
  condition?: string;
  request: ApigeeStep[];
  response: ApigeeStep[];
  el: XmlElement;
}

export interface ApigeeEndpoint {
  name: string;
  file: string;
  el: XmlElement;
  preFlow: ApigeeFlow;
  flows: ApigeeFlow[];
  postFlow: ApigeeFlow;
  postClientFlow: ApigeeFlow;
  faultRules: number;
  /** Every Step of the endpoint, fault rules included. */
  allSteps: ApigeeStep[];
}

export interface ApigeeBundle {
  name: string;
  dir: string;
  descriptor: XmlElement;
  descriptorFile: string;
  proxies: ApigeeEndpoint[];
  targets: Map<string, ApigeeEndpoint>;
  policies: Map<string, ApigeePolicy>;
  files: string[];
  problems: GatewayProblem[];
}

export function readBundle(file: string, access: FileAccess, sources: MappedSources): ApigeeBundle {
  const files: string[] = [];
  const problems: GatewayProblem[] = [];
  const read = (path: string, expected?: string): XmlElement | undefined => {
    const text = access.readText(path);
    if (text === undefined) return undefined;
    files.push(path);
    const root = parseXml(text, path, sources);
    if (expected && root.name !== expected)
      throw new ImportError(path, `not an Apigee ${expected}: the root element is <${root.name}>`, root.line, root.column);
    return root;
  };
  const descriptor = read(file);
  if (!descriptor) throw new ImportError(file, 'file not found');
  if (descriptor.name !== 'APIProxy') throw new ImportError(file, `not an Apigee API proxy bundle: the root element is <${descriptor.name}>, not <APIProxy>`, descriptor.line, descriptor.column);
  const dir = dirnameOf(file);
  const path = (rel: string): string => joinRelative(dir, rel) ?? rel;
  const namesIn = (folder: string, listTag: string, itemTag: string): string[] => {
    const listed = access.listDir?.(path(folder));
    if (listed) return listed.filter((e) => !e.isDir && /\.xml$/i.test(e.name)).map((e) => e.name.replace(/\.xml$/i, ''));
    return childrenNamed(child(descriptor, listTag), itemTag).map((e) => e.text.trim());
  };

  const policies = new Map<string, ApigeePolicy>();
  for (const n of namesIn('policies', 'Policies', 'Policy')) {
    const f = path(`policies/${n}.xml`);
    const el = read(f);
    if (!el) {
      problems.push({ message: `policy ${n} is listed in the descriptor but policies/${n}.xml is not in the evidence`, at: { file, pointer: descriptor.pointer } });
      continue;
    }
    const name = el.attrs.name ?? n;
    policies.set(name, { name, type: el.name, el, file: f, enabled: el.attrs.enabled !== 'false', continueOnError: el.attrs.continueOnError === 'true', attached: false });
  }

  const endpoint = (folder: string, n: string, expected: string): ApigeeEndpoint | undefined => {
    const f = path(`${folder}/${n}.xml`);
    const el = read(f, expected);
    if (!el) return undefined;
    return {
      name: el.attrs.name ?? n,
      file: f,
      el,
      preFlow: flowOf(child(el, 'PreFlow'), f, 'PreFlow'),
      flows: childrenNamed(child(el, 'Flows'), 'Flow').map((x) => flowOf(x, f, x.attrs.name ?? 'Flow')),
      postFlow: flowOf(child(el, 'PostFlow'), f, 'PostFlow'),
      postClientFlow: flowOf(child(el, 'PostClientFlow'), f, 'PostClientFlow'),
      faultRules: childrenNamed(child(el, 'FaultRules'), 'FaultRule').length + (child(el, 'DefaultFaultRule') ? 1 : 0),
      allSteps: descendants(el)
        .filter((x) => x.name === 'Step')
        .map((x) => ({ policyName: childText(x, 'Name') ?? '', el: x, file: f })),
    };
  };
  const proxies: ApigeeEndpoint[] = [];
  for (const n of namesIn('proxies', 'ProxyEndpoints', 'ProxyEndpoint')) {
    const p = endpoint('proxies', n, 'ProxyEndpoint');
    if (p) proxies.push(p);
    else problems.push({ message: `ProxyEndpoint ${n} is listed in the descriptor but proxies/${n}.xml is not in the evidence`, at: { file, pointer: descriptor.pointer } });
  }
  const targets = new Map<string, ApigeeEndpoint>();
  for (const n of namesIn('targets', 'TargetEndpoints', 'TargetEndpoint')) {
    const t = endpoint('targets', n, 'TargetEndpoint');
    if (t) targets.set(t.name, t);
  }
  if (!proxies.length) problems.push({ message: 'the bundle has no ProxyEndpoint (proxies/*.xml): it exposes nothing that could be audited', at: { file, pointer: descriptor.pointer } });
  return { name: descriptor.attrs.name ?? dir, dir, descriptor, descriptorFile: file, proxies, targets, policies, files, problems };
}

function stepsOf(el: XmlElement | undefined, file: string): ApigeeStep[] {
  return childrenNamed(el, 'Step').map((s) => {
    const step: ApigeeStep = { policyName: childText(s, 'Name') ?? '', el: s, file };
    const condition = childText(s, 'Condition');
    if (condition) step.condition = condition;
    return step;
  });
}

function flowOf(el: XmlElement | undefined, file: string, name: string): ApigeeFlow {
  const flow: ApigeeFlow = {
    name,
    request: stepsOf(child(el, 'Request'), file),
    response: stepsOf(child(el, 'Response'), file),
    el: el ?? { name, attrs: {}, children: [], text: '', line: 0, column: 0, pointer: '' },
  };
  const condition = childText(el, 'Condition');
  if (condition) flow.condition = condition;
  return flow;
}

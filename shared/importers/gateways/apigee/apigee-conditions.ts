/**
 * What an Apigee flow condition says about the requests it matches: the HTTP verbs
 * (`request.verb = "GET"`) and the path suffix (`proxy.pathsuffix MatchesPath "/users/*"`,
 * `~~` / JavaRegex, `=`), turned into a template below the proxy's base path. `MatchesPath`
 * wildcards: `*` is one segment, `**` any number of segments.
 */
import { regexToTemplate } from '../common/b-model.js';

export interface FlowMatch {
  methods: string[];
  /** Template of the suffix (`/users/{p1}`), undefined when the condition does not constrain the path. */
  suffix?: string;
  match: 'exact' | 'prefix' | 'regex' | 'template';
}

export function readCondition(condition: string): FlowMatch {
  const methods = new Set<string>();
  for (const m of condition.matchAll(/request\.verb\s*(?:=|==|Equals|equals|EQUALS)\s*"?([A-Za-z]+)"?/g)) methods.add(m[1]!.toUpperCase());
  const path = /proxy\.pathsuffix\s*(MatchesPath|Matches|JavaRegex|~\/|~~|~|==|=|Equals|equals|StartsWith|startsWith)\s*"([^"]*)"/.exec(condition);
  const out: FlowMatch = { methods: [...methods], match: 'template' };
  if (!path) return out;
  const [, op, pattern] = path as unknown as [string, string, string];
  if (op === 'MatchesPath' || op === '~/') {
    let n = 0;
    const segs = pattern.split('/').map((s) => (s === '**' ? '{*}' : s === '*' ? `{p${++n}}` : s.includes('*') ? `{p${++n}}` : s));
    out.suffix = segs.join('/');
    out.match = out.suffix.endsWith('{*}') ? 'prefix' : 'template';
  } else if (op === 'Matches' || op === '~') {
    // Shell-style: `*` is any run of characters, slashes included.
    let n = 0;
    out.suffix = pattern.replace(/\*$/, '{*}').replace(/\*/g, () => `{p${++n}}`);
    out.match = out.suffix.endsWith('{*}') ? 'prefix' : 'template';
  } else if (op === 'JavaRegex' || op === '~~') {
    // JavaRegex matches the whole suffix.
    const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
    out.suffix = regexToTemplate(`^${body.startsWith('/') ? body : `/${body}`}$`).template;
    out.match = 'regex';
  } else if (op === 'StartsWith' || op === 'startsWith') {
    out.suffix = `${pattern.replace(/\/+$/, '')}/{*}`;
    out.match = 'prefix';
  } else {
    out.suffix = pattern;
    out.match = 'exact';
  }
  return out;
}

/** A condition that only lets CORS preflight requests skip a step. */
export function onlySkipsPreflight(condition: string): boolean {
  return /^\(?\s*request\.verb\s*(!=|NotEquals|notequals)\s*"OPTIONS"\s*\)?$/i.test(condition.trim());
}

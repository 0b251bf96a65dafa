/**
 * The AWS CLI's JSON for API Gateway stages and usage plans (`aws apigateway get-stages` →
 * `{"item": [...]}`, `get-usage-plans` → `{"items": [...]}`, `aws apigatewayv2 get-stages` →
 * `{"Items": [...]}`, or a single stage / plan object), and how it joins the OpenAPI exports of
 * the same folder:
 * - a usage plan's `apiStages[].apiId` names the API (the id in an export's execute-api host);
 * - a stages file names no API (the CLI omits it): it joins the export whose API id appears in
 *   the file name or in the items (`restApiId`/`apiId` added by hand), else the only export of
 *   the folder.
 * What joins an export becomes route controls there; what does not is recorded as settings of
 * the CLI file's own config, so nothing is counted twice.
 */
import type { SourceRef } from '../../../model/source.js';
import { dirnameOf, joinRelative, type FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { parseStructured } from '../../text/parse-structured.js';
import type { ParsedText } from '../../text/parsed-text.js';
import { newConfig, origin, setSetting } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, isObj, NodeReader, type Obj } from '../common/a-node-reader.js';
import { ParsedSources } from '../common/a-parsed-sources.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { splitMethodSettingKey, type MethodSetting, type StageInfo, type UsagePlanInfo } from './aws-stages.js';

export interface CliStage extends StageInfo {
  /** An API id written in the item (`restApiId` / `apiId`), when there is one. */
  apiId?: string;
}

export interface CliPlan {
  name: string;
  at: SourceRef;
  throttle?: UsagePlanInfo['throttle'];
  quota?: UsagePlanInfo['quota'];
  apiStages: { apiId?: string; stage?: string; methodThrottles: UsagePlanInfo['methodThrottles']; at: SourceRef }[];
}

export interface CliDoc {
  file: string;
  parsed: ParsedText;
  stages: CliStage[];
  plans: CliPlan[];
}

export function sniffAwsCli(_file: string, head: string): boolean {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  if (/"(openapi|swagger|AWSTemplateFormatVersion|_format_version|x-tyk-api-gateway|api_id)"\s*:/.test(t)) return false;
  if (/"Resources"\s*:/.test(t) && /"Type"\s*:\s*"AWS::/.test(t)) return false;
  const restStage = /"stageName"\s*:/.test(t) && /"(methodSettings|deploymentId|accessLogSettings|createdDate|lastUpdatedDate)"\s*:/.test(t);
  const httpStage = /"StageName"\s*:/.test(t) && /"(DefaultRouteSettings|RouteSettings|AccessLogSettings|DeploymentId|CreatedDate|AutoDeploy)"\s*:/.test(t);
  const plan = /"apiStages"\s*:/.test(t) && /"(throttle|quota|name|id)"\s*:/.test(t);
  return restStage || httpStage || plan;
}

/** Reads the stages and usage plans of one CLI output file. */
export function readCliDoc(parsed: ParsedText, r: NodeReader): CliDoc {
  const doc: CliDoc = { file: parsed.file, parsed, stages: [], plans: [] };
  const root = parsed.value;
  let items: [unknown, string][] = [];
  if (Array.isArray(root)) items = root.map((v, i) => [v, `/${i}`]);
  else if (isObj(root)) {
    const listKey = ['item', 'items', 'Items'].find((k) => Array.isArray(root[k]));
    if (listKey) items = (root[listKey] as unknown[]).map((v, i) => [v, `/${listKey}/${i}`]);
    else items = [[root, '']];
  } else r.fail('', 'not AWS CLI output: the document is not a JSON object');
  for (const [item, ptr] of items) {
    const node = r.obj(item, ptr, 'an item');
    if (node.stageName !== undefined || node.StageName !== undefined) doc.stages.push(readStage(node, ptr, r));
    else if (node.apiStages !== undefined || node.ApiStages !== undefined) doc.plans.push(readPlan(node, ptr, r));
  }
  if (!doc.stages.length && !doc.plans.length) r.fail('', 'not API Gateway stages or usage plans: no item has a stageName or apiStages');
  return doc;
}

function pick(node: Obj, camel: string): unknown {
  const pascal = camel[0]!.toUpperCase() + camel.slice(1);
  return node[camel] ?? node[pascal];
}
function keyOf(node: Obj, camel: string): string {
  return node[camel] !== undefined ? camel : camel[0]!.toUpperCase() + camel.slice(1);
}

function readStage(node: Obj, ptr: string, r: NodeReader): CliStage {
  const http = node.StageName !== undefined || node.DefaultRouteSettings !== undefined || node.RouteSettings !== undefined;
  const stage: CliStage = { name: asText(pick(node, 'stageName')) ?? '?', apiType: http ? 'http' : 'rest', settings: [], at: r.ref(ptr) };
  const apiId = asText(node.restApiId ?? node.apiId ?? node.ApiId ?? node.RestApiId);
  if (apiId) stage.apiId = apiId;
  const setting = (s: Obj, sptr: string, resourcePath: string, method: string): MethodSetting => {
    const m: MethodSetting = { resourcePath, method, at: r.ref(sptr) };
    const rate = asNumber(pick(s, 'throttlingRateLimit'));
    if (rate !== undefined) m.rateLimit = rate;
    const burst = asNumber(pick(s, 'throttlingBurstLimit'));
    if (burst !== undefined) m.burstLimit = burst;
    const trace = asBool(pick(s, 'dataTraceEnabled'));
    if (trace !== undefined) m.dataTrace = trace;
    const level = asText(pick(s, 'loggingLevel'));
    if (level !== undefined) m.loggingLevel = level;
    return m;
  };
  const methodSettings = pick(node, 'methodSettings');
  if (isObj(methodSettings)) {
    const msKey = keyOf(node, 'methodSettings');
    for (const [key, s] of Object.entries(methodSettings)) {
      if (!isObj(s)) continue;
      const { resourcePath, method } = splitMethodSettingKey(key);
      stage.settings.push(setting(s, `${ptr}/${msKey}/${escapeSeg(key)}`, resourcePath, method));
    }
  }
  const defaults = pick(node, 'defaultRouteSettings');
  if (isObj(defaults)) stage.settings.push(setting(defaults, `${ptr}/${keyOf(node, 'defaultRouteSettings')}`, '*', '*'));
  const routeSettings = pick(node, 'routeSettings');
  if (isObj(routeSettings)) {
    const rsKey = keyOf(node, 'routeSettings');
    for (const [key, s] of Object.entries(routeSettings)) {
      if (!isObj(s)) continue;
      const { resourcePath, method } = splitMethodSettingKey(key);
      stage.settings.push(setting(s, `${ptr}/${rsKey}/${escapeSeg(key)}`, resourcePath, method));
    }
  }
  const access = pick(node, 'accessLogSettings');
  if (isObj(access)) {
    const a: NonNullable<StageInfo['accessLog']> = { at: r.ref(`${ptr}/${keyOf(node, 'accessLogSettings')}`) };
    const dest = asText(pick(access, 'destinationArn'));
    if (dest) a.destination = dest;
    const format = asText(pick(access, 'format'));
    if (format) a.format = format;
    stage.accessLog = a;
  }
  const waf = asText(pick(node, 'webAclArn'));
  if (waf) stage.webAclArn = waf;
  return stage;
}

function readPlan(node: Obj, ptr: string, r: NodeReader): CliPlan {
  const plan: CliPlan = { name: asText(pick(node, 'name')) ?? asText(pick(node, 'id')) ?? '?', at: r.ref(ptr), apiStages: [] };
  const throttle = pick(node, 'throttle');
  if (isObj(throttle)) {
    const t: NonNullable<CliPlan['throttle']> = { at: r.ref(`${ptr}/${keyOf(node, 'throttle')}`) };
    const rate = asNumber(pick(throttle, 'rateLimit'));
    if (rate !== undefined) t.rateLimit = rate;
    const burst = asNumber(pick(throttle, 'burstLimit'));
    if (burst !== undefined) t.burstLimit = burst;
    plan.throttle = t;
  }
  const quota = pick(node, 'quota');
  if (isObj(quota)) {
    const q: NonNullable<CliPlan['quota']> = { at: r.ref(`${ptr}/${keyOf(node, 'quota')}`) };
    const limit = asNumber(pick(quota, 'limit'));
    if (limit !== undefined) q.limit = limit;
    const period = asText(pick(quota, 'period'));
    if (period) q.period = period;
    plan.quota = q;
  }
  const stages = pick(node, 'apiStages');
  const stagesKey = keyOf(node, 'apiStages');
  if (Array.isArray(stages))
    stages.forEach((s, i) => {
      if (!isObj(s)) return;
      const sptr = `${ptr}/${stagesKey}/${i}`;
      const entry: CliPlan['apiStages'][number] = { methodThrottles: [], at: r.ref(sptr) };
      const apiId = asText(pick(s, 'apiId'));
      if (apiId) entry.apiId = apiId;
      const stage = asText(pick(s, 'stage'));
      if (stage) entry.stage = stage;
      const per = pick(s, 'throttle');
      if (isObj(per))
        for (const [key, t] of Object.entries(per)) {
          if (!isObj(t)) continue;
          const { resourcePath, method } = splitMethodSettingKey(key);
          const m: UsagePlanInfo['methodThrottles'][number] = { resourcePath, method, at: r.ref(`${sptr}/${keyOf(s, 'throttle')}/${escapeSeg(key)}`) };
          const rate = asNumber(pick(t, 'rateLimit'));
          if (rate !== undefined) m.rateLimit = rate;
          const burst = asNumber(pick(t, 'burstLimit'));
          if (burst !== undefined) m.burstLimit = burst;
          entry.methodThrottles.push(m);
        }
      plan.apiStages.push(entry);
    });
  return plan;
}

function escapeSeg(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** An AWS OpenAPI export (sniffed the same way as by its importer), and its API id if it names one. */
export interface FolderExport {
  file: string;
  apiId?: string;
}

export interface FolderJoins {
  exports: FolderExport[];
  cli: { doc: CliDoc; stageTargets: (string | undefined)[]; stageBasis: (string | undefined)[]; planTargets: (string | undefined)[][] }[];
}

/**
 * Which stage and usage-plan items of the folder's CLI files join which export. Both the export
 * and the CLI importer compute this the same way, so each item lands in exactly one config.
 * Files that cannot be read are skipped here; their own import reports the error.
 */
export function planFolderJoins(file: string, files: FileAccess, isExport: (path: string, head: string) => boolean): FolderJoins {
  const dir = dirnameOf(file);
  const entries = files.listDir?.(dir) ?? [];
  const names = entries.filter((e) => !e.isDir && /\.(json|ya?ml)$/i.test(e.name)).map((e) => e.name);
  if (!names.length) names.push(file.slice(dir ? dir.length + 1 : 0));
  const exports: FolderExport[] = [];
  const cliDocs: CliDoc[] = [];
  for (const name of names) {
    const path = joinRelative(dir, name);
    if (path === undefined) continue;
    let text: string | undefined;
    try {
      text = files.readText(path);
    } catch {
      continue;
    }
    if (text === undefined) continue;
    const head = text.slice(0, 65536);
    if (isExport(path, head)) {
      const e: FolderExport = { file: path };
      const m = /\b([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com/.exec(text);
      if (m) e.apiId = m[1]!;
      exports.push(e);
    } else if (/\.json$/i.test(path) && sniffAwsCli(path, head)) {
      try {
        const sources = new ParsedSources();
        const parsed = sources.add(parseStructured(text, path));
        cliDocs.push(readCliDoc(parsed, new NodeReader(sources, path)));
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
      }
    }
  }
  const byId = new Map(exports.filter((e) => e.apiId).map((e) => [e.apiId!, e.file]));
  const cli = cliDocs.map((doc) => {
    const base = doc.file.slice(dir ? dir.length + 1 : 0);
    const named = exports.find((e) => e.apiId && base.includes(e.apiId));
    const stageTargets: (string | undefined)[] = [];
    const stageBasis: (string | undefined)[] = [];
    for (const s of doc.stages) {
      if (s.apiId) {
        stageTargets.push(byId.get(s.apiId));
        stageBasis.push(byId.has(s.apiId) ? `apiId ${s.apiId} in the item` : undefined);
      } else if (named) {
        stageTargets.push(named.file);
        stageBasis.push(`API id ${named.apiId} in the file name`);
      } else if (exports.length === 1) {
        stageTargets.push(exports[0]!.file);
        stageBasis.push('the only API Gateway export in the folder');
      } else {
        stageTargets.push(undefined);
        stageBasis.push(undefined);
      }
    }
    const planTargets = doc.plans.map((p) => p.apiStages.map((s) => (s.apiId ? byId.get(s.apiId) : undefined)));
    return { doc, stageTargets, stageBasis, planTargets };
  });
  return { exports, cli };
}

/** The stages and plans of the folder that join one export. */
export function joinsFor(exportFile: string, joins: FolderJoins): { docs: CliDoc[]; stages: StageInfo[]; plans: UsagePlanInfo[]; basis: string[] } {
  const docs = new Set<CliDoc>();
  const stages: StageInfo[] = [];
  const plans: UsagePlanInfo[] = [];
  const basis: string[] = [];
  for (const c of joins.cli) {
    c.doc.stages.forEach((s, i) => {
      if (c.stageTargets[i] !== exportFile) return;
      stages.push(s);
      docs.add(c.doc);
      basis.push(`stage ${s.name} from ${c.doc.file} (${c.stageBasis[i]})`);
    });
    c.doc.plans.forEach((p, i) =>
      p.apiStages.forEach((s, j) => {
        if (c.planTargets[i]?.[j] !== exportFile) return;
        const plan: UsagePlanInfo = { name: p.name, methodThrottles: s.methodThrottles, at: s.at };
        if (s.stage) plan.stage = s.stage;
        if (p.throttle) plan.throttle = p.throttle;
        if (p.quota) plan.quota = p.quota;
        plans.push(plan);
        docs.add(c.doc);
        basis.push(`usage plan ${p.name} from ${c.doc.file} (apiId ${s.apiId})`);
      }),
    );
  }
  return { docs: [...docs], stages, plans, basis };
}

/** Builds the CLI importer; `isExport` is the AWS OpenAPI export sniff (kept in one place). */
export function makeAwsCliImporter(isExport: (path: string, head: string) => boolean): GatewayImporter {
  return {
    product: 'aws-apigateway',
    label: 'AWS API Gateway stages / usage plans (AWS CLI JSON)',
    sniff: sniffAwsCli,
    parse(file: string, files: FileAccess): GatewayImport {
      const text = files.readText(file);
      if (text === undefined) throw new ImportError(file, 'file not found');
      const sources = new ParsedSources();
      const parsed = sources.add(parseStructured(text, file));
      const r = new NodeReader(sources, file);
      const doc = readCliDoc(parsed, r);
      const config = newConfig('aws-apigateway', file, 'aws-cli');
      const joins = planFolderJoins(file, files, isExport);
      const mine = joins.cli.find((c) => c.doc.file === file);
      const joined: Record<string, unknown>[] = [];
      const stages: Record<string, unknown>[] = [];
      doc.stages.forEach((s, i) => {
        const target = mine?.stageTargets[i];
        if (target) {
          joined.push({ stage: s.name, into: target, basis: mine?.stageBasis[i] });
          return;
        }
        const all = s.settings.find((m) => m.resourcePath === '*' && m.method === '*');
        stages.push({
          name: s.name,
          apiType: s.apiType,
          apiId: s.apiId,
          throttlingRateLimit: all?.rateLimit,
          throttlingBurstLimit: all?.burstLimit,
          dataTraceEnabled: s.settings.some((m) => m.dataTrace === true),
          loggingLevel: all?.loggingLevel,
          accessLogDestination: s.accessLog?.destination,
          accessLogFormat: s.accessLog?.format,
          webAclArn: s.webAclArn,
          methodSettings: s.settings.map((m) => ({ resourcePath: m.resourcePath, method: m.method, rateLimit: m.rateLimit, burstLimit: m.burstLimit, dataTrace: m.dataTrace, loggingLevel: m.loggingLevel })),
        });
      });
      const plans: Record<string, unknown>[] = [];
      doc.plans.forEach((p, i) => {
        const apiStages = p.apiStages.filter((s, j) => {
          const target = mine?.planTargets[i]?.[j];
          if (target) joined.push({ usagePlan: p.name, apiId: s.apiId, stage: s.stage, into: target });
          return !target;
        });
        if (!apiStages.length && p.apiStages.length) return;
        plans.push({
          name: p.name,
          throttle: p.throttle ? { rateLimit: p.throttle.rateLimit, burstLimit: p.throttle.burstLimit } : undefined,
          quota: p.quota ? { limit: p.quota.limit, period: p.quota.period } : undefined,
          apiStages: apiStages.map((s) => ({ apiId: s.apiId, stage: s.stage, methodThrottles: s.methodThrottles.length })),
        });
      });
      const at = r.ref('');
      if (stages.length) setSetting(config, 'aws.stages', stages, origin('stage', at));
      if (plans.length) setSetting(config, 'aws.usage_plans', plans, origin('stage', at));
      if (joined.length) setSetting(config, 'aws.joined_into_exports', joined, origin('stage', at));
      if (stages.length || plans.length)
        config.problems.push({
          message: `${[stages.length ? `${stages.length} stage(s)` : '', plans.length ? `${plans.length} usage plan(s)` : ''].filter(Boolean).join(' and ')} could not be joined to an API Gateway export in this folder (no export with the API id they name); they are recorded as settings only`,
          at,
        });
      return { config, sources };
    },
  };
}

/**
 * AWS API Gateway OpenAPI exports (REST and HTTP APIs, Swagger 2.0 and OpenAPI 3): the same file
 * is audited as a spec by the OpenAPI importer, so this importer claims it only when its head
 * carries `x-amazon-apigateway-` extensions. Stage throttling, logging and usage plans are not in
 * an export: they are joined from AWS CLI JSON in the same folder when there is some (aws-cli.ts).
 */
import type { SourceRef } from '../../../model/source.js';
import type { FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { sniffOpenApi } from '../../openapi/index.js';
import { parseStructured } from '../../text/parse-structured.js';
import { newConfig, origin, setSetting } from '../common/a-gateway-config.js';
import { asText, isObj, NodeReader, type Obj } from '../common/a-node-reader.js';
import { ParsedSources } from '../common/a-parsed-sources.js';
import { scanSecrets } from '../common/a-secrets.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { joinsFor, makeAwsCliImporter, planFolderJoins } from './aws-cli.js';
import { UpstreamRegistry } from './aws-integrations.js';
import { CFN_TAGS, cfnText } from './aws-intrinsics.js';
import { buildAwsRoutes } from './aws-openapi-routes.js';
import { applyStages } from './aws-stages.js';

/** A template is handled by the CloudFormation importer, even when its body has AWS extensions. */
export function looksLikeTemplate(head: string): boolean {
  return (
    /^["']?AWSTemplateFormatVersion["']?\s*:/m.test(head) ||
    /"AWSTemplateFormatVersion"\s*:/.test(head) ||
    /^["']?Transform["']?\s*:\s*["']?AWS::Serverless/m.test(head) ||
    /"Transform"\s*:\s*\[?\s*"AWS::Serverless/.test(head) ||
    (/^["']?Resources["']?\s*:/m.test(head) && /Type["']?\s*:\s*["']?AWS::(ApiGateway|ApiGatewayV2|Serverless)::/.test(head)) ||
    (/"Resources"\s*:/.test(head) && /"Type"\s*:\s*"AWS::(ApiGateway|ApiGatewayV2|Serverless)::/.test(head))
  );
}

export function sniffAwsOpenApi(_file: string, head: string): boolean {
  return head.includes('x-amazon-apigateway-') && sniffOpenApi(head) && !looksLikeTemplate(head);
}

export const awsOpenApiImporter: GatewayImporter = {
  product: 'aws-apigateway',
  label: 'AWS API Gateway OpenAPI export (x-amazon-apigateway-*)',
  sniff: sniffAwsOpenApi,
  parse: parseAwsOpenApi,
};

export const awsCliImporter: GatewayImporter = makeAwsCliImporter(sniffAwsOpenApi);

/**
 * A request parameter mapping that sends a fixed credential to the backend: REST writes static
 * values in single quotes (`'Bearer …'`), HTTP APIs write them plainly (request values start with `$`).
 */
export function isStaticCredentialMapping(key: string, value: string | undefined): boolean {
  if (!value || !/(^|[.:])header\.(authorization|x-api-key|api-key|proxy-authorization)$/i.test(key)) return false;
  if (/^'.+'$/.test(value)) return true;
  return /^(append|overwrite):/i.test(key) && !value.startsWith('$') && !/^context\.|^method\.request\./.test(value);
}

export function parseAwsOpenApi(file: string, files: FileAccess): GatewayImport {
  const text = files.readText(file);
  if (text === undefined) throw new ImportError(file, 'file not found');
  const sources = new ParsedSources();
  const doc = sources.add(parseStructured(text, file, { customTags: CFN_TAGS }));
  const r = new NodeReader(sources, file);
  if (!isObj(doc.value)) throw sources.error(file, '', 'not an API Gateway export: the document is not a mapping');
  const body: Obj = doc.value;
  if (body.openapi === undefined && body.swagger === undefined)
    throw sources.error(file, '', 'not an API Gateway export: no top-level "openapi" or "swagger" field');
  r.optObj(body, 'paths', '');
  const config = newConfig('aws-apigateway', file, 'aws-openapi');
  const upstreams = new UpstreamRegistry(config);
  const info = isObj(body.info) ? body.info : {};
  const api = cfnText(info.title) ?? file;
  const built = buildAwsRoutes({ r, config, body, base: '', api, upstreams, settingsPrefix: 'aws.' });
  if (built.apiId) setSetting(config, 'aws.api_id', built.apiId, origin('api', r.ref(body.host !== undefined ? '/host' : '/servers')));

  // Static credentials the gateway adds to backend requests (`'Bearer …'` mapped into a header).
  built.routes.forEach((route) => {
    const integ = (route.at.pointer && sources.valueAt({ file, pointer: `${route.at.pointer}/x-amazon-apigateway-integration` })) as unknown;
    if (!isObj(integ)) return;
    const at: SourceRef = { file, pointer: `${route.at.pointer}/x-amazon-apigateway-integration` };
    scanSecrets(integ, at, `${route.id} integration`, (h) => config.secrets.push(h));
    const params = isObj(integ.requestParameters) ? integ.requestParameters : {};
    for (const [k, v] of Object.entries(params))
      if (isStaticCredentialMapping(k, asText(v)))
        config.secrets.push({ kind: 'static-credential-header', where: `${route.id} integration requestParameters ${k}`, at: { file, pointer: `${at.pointer}/requestParameters/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` } });
  });

  // Stages and usage plans from AWS CLI JSON beside the export.
  const joins = joinsFor(file, planFolderJoins(file, files, sniffAwsOpenApi));
  for (const d of joins.docs) sources.add(d.parsed);
  config.routes = applyStages(built.routes, joins.stages, joins.plans);
  if (joins.basis.length) setSetting(config, 'aws.joined', joins.basis, origin('stage', joins.stages[0]?.at ?? joins.plans[0]?.at ?? r.ref('')));

  const hosts = new Set<string>();
  const host = asText(body.host);
  if (host) hosts.add(host);
  if (Array.isArray(body.servers))
    for (const s of body.servers) {
      const h = isObj(s) ? /^[a-z]+:\/\/([^/:{}]+)/i.exec(cfnText(s.url) ?? '')?.[1] : undefined;
      if (h) hosts.add(h);
    }
  config.listeners.push({ name: 'execute-api', protocol: 'https', hostnames: [...hosts], redirectsToHttps: false, at: r.ref('') });
  config.files = sources.files;
  return { config, sources };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsCloudFormationImporter } from '../../../../../../shared/importers/gateways/aws/aws-cloudformation.js';
import { awsCliImporter, awsOpenApiImporter } from '../../../../../../shared/importers/gateways/aws/aws-openapi-importer.js';
import { gatewayImporters, type GatewayImporter } from '../../../../../../shared/importers/gateways/index.js';
import type { FileAccess } from '../../../../../../shared/importers/file-access.js';
import { folder } from '../folder-access.js';
import { ImportError } from '../../../../../../shared/importers/import-error.js';
import type { GatewayConfig, GatewayRoute, RateLimitControl } from '../../../../../../shared/model/gateway.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../fixtures/gateways/aws');

/** In-memory files with folder listings, like the evidence folder. */
function memory(files: Record<string, string>): FileAccess {
  return {
    readText: (p) => files[p],
    listDir(dir) {
      const prefix = dir ? `${dir}/` : '';
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/'))
        .map((f) => ({ name: f.slice(prefix.length), isDir: false }));
      return names;
    },
  };
}

/** The importer that claims the file (exactly one), and its parse. */
function load(file: string, access: FileAccess = folder(fixtures)) {
  const text = access.readText(file)!;
  const claims = gatewayImporters.filter((g) => g.sniff(file, text.slice(0, 65536)));
  expect(claims.map((g) => g.label), file).toHaveLength(1);
  const result = claims[0]!.parse(file, access);
  return { ...result, importer: claims[0]!, line: (x: { at: { file: string; pointer: string } }) => result.sources.locate(x.at).line };
}

function route(config: GatewayConfig, id: string): GatewayRoute {
  const r = config.routes.find((x) => x.id === id);
  if (!r) throw new Error(`no route ${id} in ${config.routes.map((x) => x.id).join(', ')}`);
  return r;
}

const limits = (r: GatewayRoute) => r.controls.rateLimits.map((x: RateLimitControl) => `${x.kind} ${x.limit ?? '-'}/${x.windowSeconds ?? '-'}s ${x.origin.scope}${x.enforced ? '' : ' (not enforced)'}`);

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('AWS API Gateway sniffs', () => {
  it('each corpus file is claimed by exactly one AWS importer', () => {
    const expected: Record<string, GatewayImporter> = {
      'apigateway-importer.json': awsOpenApiImporter,
      'serverless-rest-api-swagger.yaml': awsOpenApiImporter,
      'fargate-rest-api-swagger.yaml': awsOpenApiImporter,
      'powertools-openapi.json': awsOpenApiImporter,
      'queue-based-ingestion-api.yaml': awsOpenApiImporter,
      'owasp-demo-payment-template.yaml': awsCloudFormationImporter,
      'owasp-demo-order-template.yaml': awsCloudFormationImporter,
      'cli-join/stages.json': awsCliImporter,
      'cli-join/usage-plans.json': awsCliImporter,
    };
    for (const [f, importer] of Object.entries(expected)) {
      const head = readFileSync(path.join(fixtures, f), 'utf8').slice(0, 65536);
      expect(gatewayImporters.filter((g) => g.sniff(f, head)), f).toEqual([importer]);
    }
  });

  it('does not claim plain OpenAPI specs, Tyk OAS, other templates or other JSON', () => {
    const others: Record<string, string> = {
      'plain.yaml': readFileSync(path.join(fixtures, 'own/plain-openapi.yaml'), 'utf8'),
      'vpc.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n",
      'tyk.json': '{"openapi": "3.0.3", "x-tyk-api-gateway": {}}',
      'data.json': '{"items": [{"name": "a"}]}',
      'stage-in-template.json': '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"S": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"StageName": "x", "DefaultRouteSettings": {}}}}}',
    };
    for (const [f, text] of Object.entries(others))
      expect(gatewayImporters.filter((g) => g.product === 'aws-apigateway' && g.sniff(f, text)).map((g) => g.label), f).toEqual(
        f === 'stage-in-template.json' ? [awsCloudFormationImporter.label] : [],
      );
  });
});

describe('AWS OpenAPI exports (corpus)', () => {
  it('aws-apigateway-importer: api_key requirement + x-amazon-apigateway-auth (AWS_IAM and NONE)', () => {
    const { config, line } = load('apigateway-importer.json');
    expect(config).toMatchObject({ product: 'aws-apigateway', format: 'aws-openapi' });
    expect(config.routes.map((r) => r.id)).toEqual(['GET /products', 'POST /products/child']);
    const get = route(config, 'GET /products');
    expect(get.controls.authentication.map((a) => [a.kind, a.origin.scope])).toEqual([
      ['api-key', 'operation'],
      ['aws-iam', 'operation'],
    ]);
    const child = route(config, 'POST /products/child');
    expect(child.controls.authentication.map((a) => [a.kind, a.details.authType])).toEqual([['api-key', 'NONE']]);
    expect(line(child)).toBe(127);
    expect(get.controls.sizeLimit).toMatchObject({ maxBytes: 10485760, origin: { scope: 'default' } });
    expect(get.controls.requestValidation).toMatchObject({ enabled: false, origin: { scope: 'default' } });
    expect(limits(get)).toEqual(['account-throttle 10000/1s default']);
    const github = config.upstreams.find((u) => u.id === child.upstreamId)!;
    expect(github).toMatchObject({ url: 'https://api.github.com', scheme: 'https', host: 'api.github.com', tlsVerify: { enabled: true, origin: { scope: 'default' } }, timeouts: { readMs: 29000 } });
    expect(config.upstreams.find((u) => u.id === get.upstreamId)).toMatchObject({ scheme: 'arn', host: 'lambda.us-east-1.amazonaws.com' });
    expect(config.listeners).toEqual([expect.objectContaining({ name: 'execute-api', protocol: 'https', hostnames: ['api.uber.com'] })]);
    expect(config.settings['aws.disable_execute_api_endpoint']).toMatchObject({ value: false, origin: { scope: 'default' } });
  });

  it('serverless-rest-api: a token authorizer on every method, validators by method, Fn::Sub integrations', () => {
    const { config, sources, line } = load('serverless-rest-api-swagger.yaml');
    expect(config.routes).toHaveLength(13);
    const get = route(config, 'GET /locations');
    expect(line(get)).toBe(14);
    const auth = get.controls.authentication[0]!;
    expect(auth).toMatchObject({ kind: 'lambda-authorizer', details: { scheme: 'LambdaAuthorizer', authorizerType: 'token', ttlSeconds: 300 }, origin: { scope: 'operation' } });
    expect(auth.origin.defaultNote).toMatch(/no identityValidationExpression/);
    expect(get.controls.requestValidation).toMatchObject({ enabled: true, details: { validateRequestBody: false, validateRequestParameters: true } });
    expect(route(config, 'PUT /locations').controls.requestValidation).toMatchObject({ enabled: true, details: { validateRequestBody: true } });
    expect(sources.locate(get.controls.requestValidation!.origin.at).line).toBe(16);
    expect(config.upstreams.map((u) => u.host)).toEqual(['lambda.${AWS::Region}.amazonaws.com', 'lambda.${AWS::Region}.amazonaws.com', 'lambda.${AWS::Region}.amazonaws.com']);
    expect(config.upstreams.map((u) => u.url)[0]).toContain('${LocationsFunction.Arn}');
    expect(config.settings['aws.gateway_responses']?.value).toMatchObject({ types: ['BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX'], corsWildcardOn: ['BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX'] });
    expect(route(config, 'GET /users/{userid}/bookings/{bookingid}').pathTemplate).toBe('/users/{userid}/bookings/{bookingid}');
  });

  it('fargate-rest-api: VPC-link http integrations and CORS answered by an OPTIONS mock', () => {
    const { config } = load('fargate-rest-api-swagger.yaml');
    expect(config.routes).toHaveLength(16);
    const get = route(config, 'GET /locations/{locationID}');
    const up = config.upstreams.find((u) => u.id === get.upstreamId)! as { scheme: string; host: string; details?: Record<string, unknown> };
    expect(up).toMatchObject({ scheme: 'http', host: '${LocationsServiceLoadBalancer.DNSName}', details: { connectionType: 'VPC_LINK', integrationType: 'http_proxy' } });
    expect(get.controls.cors).toMatchObject({ origins: ['*'], credentials: false, origin: { scope: 'operation' } });
    expect(route(config, 'OPTIONS /locations/{locationID}').upstreamId).toBeUndefined();
    expect(route(config, 'GET /locations').controls.cors).toBeUndefined();
    expect(config.upstreams).toHaveLength(7);
  });

  it('powertools: root security with a Cognito authorizer and a root request validator', () => {
    const { config } = load('powertools-openapi.json');
    expect(config.routes.map((r) => r.id)).toEqual(['POST /order', 'GET /order/{orderId}', 'PUT /order/{orderId}', 'DELETE /order/{orderId}', 'POST /orders/search']);
    for (const r of config.routes) {
      expect(r.controls.authentication.map((a) => [a.kind, a.origin.scope])).toEqual([['cognito', 'api']]);
      expect(r.controls.requestValidation).toMatchObject({ enabled: true, origin: { scope: 'api' } });
    }
    const order = config.upstreams.find((u) => u.id === route(config, 'POST /order').upstreamId)!;
    expect(order.timeouts).toMatchObject({ readMs: 29000, origin: { scope: 'operation' } });
    const search = config.upstreams.find((u) => u.id === route(config, 'POST /orders/search').upstreamId)!;
    expect(search.timeouts).toMatchObject({ readMs: 29000, origin: { scope: 'default' } });
  });

  it('queue-based-ingestion: an HTTP API with no auth, CORS * and an SQS integration', () => {
    const { config, line } = load('queue-based-ingestion-api.yaml');
    expect(config.settings['aws.api_type']?.value).toBe('http');
    for (const r of config.routes) {
      expect(r.controls.authentication).toEqual([]);
      expect(r.controls.cors).toMatchObject({ origins: ['*'], credentials: false });
      expect(r.controls.requestValidation?.origin.defaultNote).toMatch(/HTTP APIs have no request validation/);
    }
    const post = route(config, 'POST /submit-job-request');
    expect(line(post)).toBe(29);
    expect(config.upstreams.find((u) => u.id === post.upstreamId)).toMatchObject({ url: 'aws:SQS-SendMessage', host: 'sqs.amazonaws.com', timeouts: { readMs: 30000 } });
  });
});

describe('AWS CloudFormation / SAM templates (corpus)', () => {
  it('payment: private REST API, AWS_IAM default authorizer, resource policy with a condition, access log', () => {
    const { config, line } = load('owasp-demo-payment-template.yaml');
    expect(config.format).toBe('aws-sam');
    expect(config.routes).toHaveLength(1);
    const r = config.routes[0]!;
    expect(r).toMatchObject({ id: 'POST /makePayment', pathTemplate: '/makePayment', stage: 'Prod', api: 'PaymentApi' });
    expect(line(r)).toBe(133);
    expect(r.controls.authentication.map((a) => [a.kind, a.origin.scope])).toEqual([['aws-iam', 'api']]);
    expect(r.controls.authorization).toEqual([expect.objectContaining({ kind: 'resource-policy', allow: ['*'], details: expect.objectContaining({ openToEveryone: false }) })]);
    expect(r.controls.logging.map((l) => [l.kind, l.sink])).toEqual([['stage-access-log', '${PaymentApiLogGroup.Arn}']]);
    expect(r.controls.cors).toMatchObject({ origins: ['*'], credentials: false });
    expect(r.controls.requestValidation).toMatchObject({ enabled: true });
    expect(r.upstreamId).toBeUndefined(); // a mock integration has no backend
    expect(config.settings['aws.PaymentApi.endpoint_configuration']?.value).toEqual({ types: ['PRIVATE'], vpcEndpointIds: [] });
    expect(limits(r)).toEqual(['account-throttle 10000/1s default']);
  });

  it('order: Cognito default authorizer on function events, stage Prod, Globals', () => {
    const { config, line } = load('owasp-demo-order-template.yaml');
    expect(config.routes.map((r) => [r.id, r.stage, r.api])).toEqual([
      ['POST /placeOrder', 'Prod', 'OrderApi'],
      ['GET /listOrders', 'Prod', 'OrderApi'],
    ]);
    const r = config.routes[0]!;
    expect(line(r)).toBe(387);
    expect(r.controls.authentication).toEqual([expect.objectContaining({ kind: 'cognito', details: expect.objectContaining({ authorizer: 'CognitoAuthorizer', userPoolArn: '${CognitoUserPool.Arn}' }), origin: expect.objectContaining({ scope: 'api' }) })]);
    expect(config.upstreams.find((u) => u.id === r.upstreamId)!.url).toContain('${OrderFunction.Arn}');
    expect(config.settings['aws.OrderApi.tracing_enabled']?.value).toBe(true);
  });
});

describe('AWS CLI stages and usage plans joined to an export', () => {
  const access = folder(fixtures);
  const { config, sources } = load('cli-join/orders-export.json', access);

  it('lists every route once per stage', () => {
    expect(config.routes.map((r) => r.id)).toEqual([
      'prod GET /orders',
      'prod POST /orders',
      'prod ANY /proxy/{host}/{proxy+}',
      'beta GET /orders',
      'beta POST /orders',
      'beta ANY /proxy/{host}/{proxy+}',
    ]);
    expect(route(config, 'prod ANY /proxy/{host}/{proxy+}')).toMatchObject({ methods: [], pathTemplate: '/proxy/{host}/{*}', match: 'prefix' });
    expect(config.files).toEqual(['cli-join/orders-export.json', 'cli-join/stages.json', 'cli-join/usage-plans.json']);
  });

  it('applies stage throttling (most specific wins), usage plans (only with an API key) and the account default', () => {
    expect(limits(route(config, 'prod GET /orders'))).toEqual(['stage-throttle 100/1s stage', 'usage-plan-method-throttle 20/1s stage', 'usage-plan-quota 10000/2592000s stage']);
    expect(limits(route(config, 'prod POST /orders'))).toEqual([
      'stage-throttle 5/1s stage',
      'usage-plan-throttle 100/1s stage (not enforced)',
      'usage-plan-quota 10000/2592000s stage (not enforced)',
    ]);
    expect(limits(route(config, 'beta GET /orders'))).toEqual(['account-throttle 10000/1s default']);
    const specific = route(config, 'prod POST /orders').controls.rateLimits[0]!;
    expect(sources.locate(specific.origin.at)).toMatchObject({ file: 'cli-join/stages.json', line: 15 });
  });

  it('reads execution logging with data trace and the access log (which logs the API key)', () => {
    const prod = route(config, 'prod GET /orders');
    expect(prod.controls.logging).toEqual([
      expect.objectContaining({ kind: 'execution-log', capturesBodies: true }),
      expect.objectContaining({ kind: 'stage-access-log', sink: 'arn:aws:logs:eu-west-1:123456789012:log-group:orders-access', capturesHeaders: true }),
    ]);
    expect(route(config, 'beta GET /orders').controls.logging).toEqual([]);
  });

  it('reads the export itself: authorizer TTL, request-chosen host, insecure TLS, open resource policy, static credential', () => {
    const post = route(config, 'prod POST /orders');
    expect(post.controls.authentication[0]).toMatchObject({ kind: 'lambda-authorizer', details: { ttlSeconds: 3600, identityValidationExpression: '^Bearer [-0-9a-zA-Z._]*$' } });
    expect(post.controls.authentication[0]!.origin.defaultNote).toBeUndefined();
    const proxy = route(config, 'prod ANY /proxy/{host}/{proxy+}');
    expect(proxy.controls.authentication).toEqual([]);
    const up = config.upstreams.find((u) => u.id === proxy.upstreamId)!;
    expect(up.dynamicFromRequest?.expression).toBe('http://{host}/{proxy} (host ← method.request.path.host)');
    expect(config.upstreams.find((u) => u.id === route(config, 'prod GET /orders').upstreamId)!.tlsVerify).toMatchObject({ enabled: false, origin: { scope: 'operation' } });
    expect(post.controls.authorization[0]).toMatchObject({ kind: 'resource-policy', details: { openToEveryone: true } });
    expect(config.settings['aws.disable_execute_api_endpoint']).toMatchObject({ value: true, origin: { scope: 'api' } });
    expect(config.settings['aws.api_id']?.value).toBe('abc1234567');
    expect(config.secrets.map((s) => [s.kind, sources.locate(s.at).line])).toEqual([['static-credential-header', 18]]);
    expect(JSON.stringify(config)).not.toContain('b3JkZXJzOnMzY3IzdA');
  });

  it('the CLI files keep only what joined nowhere, as settings', () => {
    const stages = load('cli-join/stages.json', access).config;
    expect(stages).toMatchObject({ format: 'aws-cli', routes: [], problems: [] });
    expect(stages.settings['aws.joined_into_exports']?.value).toEqual([
      { stage: 'prod', into: 'cli-join/orders-export.json', basis: 'the only API Gateway export in the folder' },
      { stage: 'beta', into: 'cli-join/orders-export.json', basis: 'the only API Gateway export in the folder' },
    ]);
    const plans = load('cli-join/usage-plans.json', access).config;
    expect(plans.settings['aws.usage_plans']?.value).toEqual([
      { name: 'other-api', throttle: { rateLimit: 1, burstLimit: 5 }, quota: undefined, apiStages: [{ apiId: 'zzz9876543', stage: 'prod', methodThrottles: 0 }] },
    ]);
    expect(plans.problems.map((p) => p.message)).toEqual([expect.stringContaining('1 usage plan(s) could not be joined')]);
  });

  it('without an export, stages become settings; with two exports and no id, nothing is guessed', () => {
    const stagesText = readFileSync(path.join(fixtures, 'cli-join/stages.json'), 'utf8');
    const alone = awsCliImporter.parse('stages.json', memory({ 'stages.json': stagesText })).config;
    expect((alone.settings['aws.stages']?.value as { name: string; dataTraceEnabled: boolean }[]).map((s) => [s.name, s.dataTraceEnabled])).toEqual([
      ['prod', true],
      ['beta', false],
    ]);
    const exportText = (id: string) => JSON.stringify({ swagger: '2.0', info: { title: id, version: '1' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } });
    const two = memory({ 'stages.json': stagesText, 'a.json': exportText('a'), 'b.json': exportText('b') });
    expect(awsCliImporter.parse('stages.json', two).config.settings['aws.stages']).toBeDefined();
    expect(awsOpenApiImporter.parse('a.json', two).config.routes.map((r) => r.id)).toEqual(['GET /x']);
    // Named after the API id, the file joins that export even beside another one.
    const named = memory({ 'stages-abc1234567.json': stagesText, 'a.json': exportText('a').replace('"paths"', '"host":"abc1234567.execute-api.eu-west-1.amazonaws.com","paths"'), 'b.json': exportText('b') });
    expect(awsOpenApiImporter.parse('a.json', named).config.routes.map((r) => r.stage)).toEqual(['prod', 'beta']);
    expect(awsCliImporter.parse('stages-abc1234567.json', named).config.settings['aws.stages']).toBeUndefined();
  });
});

describe('AWS own samples', () => {
  it('HTTP API export: JWT authorizer without audience, scopes, CORS * with credentials, greedy path, static credential', () => {
    const { config, sources } = load('own/http-api-export.yaml');
    const chat = route(config, 'POST /chat');
    expect(chat.controls.authentication[0]).toMatchObject({ kind: 'jwt', details: { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', audience: [] }, origin: { defaultNote: 'the JWT authorizer names no audience' } });
    expect(chat.controls.authorization).toEqual([expect.objectContaining({ kind: 'scopes', allow: ['chat.write'] })]);
    expect(chat.controls.cors).toMatchObject({ origins: ['*'], credentials: true, origin: { scope: 'api' } });
    expect(config.upstreams.find((u) => u.id === chat.upstreamId)).toMatchObject({ host: 'api.openai.com', timeouts: { readMs: 30000 } });
    expect(route(config, 'ANY /files/{proxy+}')).toMatchObject({ methods: [], pathTemplate: '/files/{*}', match: 'prefix' });
    expect(config.secrets.map((s) => [s.kind, sources.locate(s.at).line])).toEqual([['static-credential-header', 24]]);
    expect(JSON.stringify(config)).not.toContain('sk-proj-AAAA');
    expect(config.settings['aws.api_id']?.value).toBe('qwe1234567');
  });

  it('CloudFormation resources: methods on nested resources, authorizer default TTL, stage, usage plan, TLS 1.0 domain, HTTP API route', () => {
    const { config, line } = load('own/cfn-rest-and-http.yaml');
    expect(config.format).toBe('aws-cloudformation');
    expect(config.routes.map((r) => [r.id, r.stage])).toEqual([
      ['GET /items/{itemId}', 'prod'],
      ['DELETE /items/{itemId}', 'prod'],
      ['POST /events', '$default'],
    ]);
    const get = route(config, 'GET /items/{itemId}');
    expect(line(get)).toBe(29);
    expect(get.controls.authentication[0]).toMatchObject({ kind: 'lambda-authorizer', details: { ttlSeconds: 300 }, origin: { defaultNote: expect.stringContaining('defaults to 300 s') } });
    expect(get.controls.requestValidation).toMatchObject({ enabled: true, origin: { scope: 'operation' } });
    expect(limits(get)).toEqual(['stage-throttle 50/1s stage', 'usage-plan-throttle 10/1s stage (not enforced)', 'usage-plan-quota 1000/86400s stage (not enforced)']);
    expect(get.controls.logging.map((l) => [l.kind, l.capturesBodies])).toEqual([
      ['execution-log', true],
      ['stage-access-log', false],
    ]);
    expect(config.upstreams.find((u) => u.id === get.upstreamId)!.tlsVerify).toMatchObject({ enabled: false, origin: { scope: 'operation' } });
    const del = route(config, 'DELETE /items/{itemId}');
    expect(del.controls.authentication.map((a) => a.kind)).toEqual(['api-key']);
    expect(limits(del)).toEqual(['stage-throttle 50/1s stage', 'usage-plan-throttle 10/1s stage', 'usage-plan-quota 1000/86400s stage']);
    expect(get.controls.authorization[0]).toMatchObject({ kind: 'resource-policy', details: { openToEveryone: true } });
    const events = route(config, 'POST /events');
    expect(events.controls.authentication[0]).toMatchObject({ kind: 'jwt', details: { audience: ['events'] } });
    expect(events.controls.cors).toMatchObject({ origins: ['https://app.example.com'], credentials: true });
    expect(limits(events)).toEqual(['route-throttle 20/1s stage']);
    expect(config.upstreams.find((u) => u.id === events.upstreamId)!.url).toBe('https://events.example.com/ingest');
    expect(config.listeners).toEqual([expect.objectContaining({ name: 'Domain', hostnames: ['inventory.example.com'], tls: expect.objectContaining({ protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] }) })]);
  });

  it('SAM: HttpApi default authorizer and opt-out, implicit REST API, DefinitionUri read inside the folder only', () => {
    const access = folder(fixtures);
    const { config, sources } = load('own/sam-template.yaml', access);
    expect(config.routes.map((r) => [r.id, r.api, r.stage])).toEqual([
      ['GET /docs', 'DocsApi', 'docs'],
      ['GET /docs/{id}', 'DocsApi', 'docs'],
      ['POST /chat', 'ChatApi', 'v1'],
      ['GET /health', 'ChatApi', 'v1'],
      ['ANY /legacy/{proxy+}', 'ServerlessRestApi', 'Prod'],
    ]);
    expect(route(config, 'POST /chat').controls.authentication[0]).toMatchObject({ kind: 'jwt', origin: { scope: 'api', defaultNote: 'the JWT authorizer names no audience' } });
    expect(route(config, 'GET /health').controls.authentication).toEqual([]);
    expect(route(config, 'POST /chat').controls.cors).toMatchObject({ origins: ['*'], credentials: true, origin: { scope: 'global' } });
    expect(limits(route(config, 'POST /chat'))).toEqual(['route-throttle 5/1s stage']);
    expect(route(config, 'GET /docs').controls.authentication.map((a) => a.kind)).toEqual(['aws-iam', 'api-key']);
    expect(limits(route(config, 'GET /docs'))).toEqual(['usage-plan-throttle 2/1s stage']);
    expect(route(config, 'ANY /legacy/{proxy+}')).toMatchObject({ pathTemplate: '/legacy/{*}', methods: [] });
    expect(config.files).toEqual(['own/sam-template.yaml', 'own/plain-openapi.yaml']);
    expect(sources.locate(route(config, 'GET /docs/{id}').at)).toMatchObject({ file: 'own/plain-openapi.yaml', line: 12 });
    expect(config.problems.map((p) => p.message)).toEqual([
      'GET /docs has no x-amazon-apigateway-integration: API Gateway cannot deploy it as written',
      'GET /docs/{id} has no x-amazon-apigateway-integration: API Gateway cannot deploy it as written',
    ]);
    expect([...new Set(access.reads)]).toEqual(['own/sam-template.yaml', 'own/plain-openapi.yaml']);
  });

  it('a DefinitionUri that climbs out of the folder, or names a missing file, is refused at its line', () => {
    const template = (uri: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: x\n      DefinitionUri: ${uri}\n`;
    const reads: string[] = [];
    const access: FileAccess = {
      readText(p) {
        reads.push(p);
        return p === 'sub/t.yaml' ? template('../../outside.yaml') : p === 'm.yaml' ? template('./missing.yaml') : undefined;
      },
    };
    const outside = importError(() => awsCloudFormationImporter.parse('sub/t.yaml', access));
    expect([outside.file, outside.line, outside.reason]).toEqual(['sub/t.yaml', 7, 'Api definition "../../outside.yaml" points outside the imported folder; it is not read']);
    expect(reads).toEqual(['sub/t.yaml']);
    const missing = importError(() => awsCloudFormationImporter.parse('m.yaml', access));
    expect([missing.file, missing.line, missing.reason]).toEqual(['m.yaml', 7, 'Api definition missing.yaml (from "./missing.yaml") was not found in the imported folder']);
    // S3 locations are not evidence: a problem, not an error.
    const s3 = awsCloudFormationImporter.parse('t.yaml', { readText: () => template('s3://bucket/api.yaml') });
    expect(s3.config.problems.map((p) => p.message)).toEqual(['Api takes its definition from s3://bucket/api.yaml, which is not part of the evidence']);
  });

  it('a DefinitionUri that is an export of its own is not read twice', () => {
    const files = memory({
      'template.yaml': "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: swagger.yaml\n",
      'swagger.yaml': readFileSync(path.join(fixtures, 'serverless-rest-api-swagger.yaml'), 'utf8'),
    });
    const { config } = awsCloudFormationImporter.parse('template.yaml', files);
    expect(config.routes).toEqual([]);
    expect(config.files).toEqual(['template.yaml']);
    expect(config.settings['aws.Api.definition_file']).toMatchObject({ value: 'swagger.yaml', origin: { defaultNote: expect.stringContaining('audited as its own API Gateway export') } });
  });
});

describe('AWS: bad input', () => {
  const one = (file: string, text: string) => memory({ [file]: text });

  it('broken YAML and JSON give file and line', () => {
    const yaml = importError(() => awsOpenApiImporter.parse('api.yaml', one('api.yaml', 'swagger: "2.0"\npaths:\n  /x:\n    get: {x-amazon-apigateway-integration: {type: mock}\n')));
    expect([yaml.file, yaml.line > 0]).toEqual(['api.yaml', true]);
    const json = importError(() => awsCliImporter.parse('stages.json', one('stages.json', '{\n  "item": [\n    {"stageName": "prod",,}\n  ]\n}')));
    expect([json.file, json.line]).toEqual(['stages.json', 3]);
    const template = importError(() => awsCloudFormationImporter.parse('t.yaml', one('t.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n   Properties: {}\n")));
    expect([template.file, template.line]).toEqual(['t.yaml', 5]);
  });

  it('wrong shapes are refused at their line', () => {
    const paths = importError(() => awsOpenApiImporter.parse('api.yaml', one('api.yaml', 'openapi: 3.0.1\ninfo: {title: t, version: "1"}\npaths:\n  - /x\nx-amazon-apigateway-cors: {}\n')));
    expect([paths.line, paths.reason]).toEqual([3, 'paths must be a mapping (found a list)']);
    const resources = importError(() => awsCloudFormationImporter.parse('t.yaml', one('t.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - Api\n")));
    expect([resources.line, resources.reason]).toEqual([2, 'Resources must be a mapping (found a list)']);
    const noType = importError(() => awsCloudFormationImporter.parse('t.yaml', one('t.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Properties: {}\n")));
    expect([noType.line, noType.reason]).toEqual([3, 'resource Api has no Type']);
    const noItems = importError(() => awsCliImporter.parse('s.json', one('s.json', '{"item": [{"foo": 1}]}')));
    expect(noItems.reason).toMatch(/no item has a stageName or apiStages/);
  });

  it('documents that are not what was claimed are refused', () => {
    expect(importError(() => awsOpenApiImporter.parse('x.yaml', one('x.yaml', 'foo: 1\n'))).reason).toMatch(/no top-level "openapi" or "swagger"/);
    expect(importError(() => awsCloudFormationImporter.parse('x.yaml', one('x.yaml', 'Description: nothing\n'))).reason).toMatch(/no Resources section/);
    expect(importError(() => awsOpenApiImporter.parse('missing.yaml', one('x', ''))).reason).toBe('file not found');
  });

  it('short-form tags are tolerated in templates and exports', () => {
    const { config } = awsCloudFormationImporter.parse(
      't.yaml',
      one('t.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: !Sub '${AWS::StackName}-api'\n      Body: !If [HasBody, {}, !Ref AWS::NoValue]\n"),
    );
    expect(config.settings['aws.Api.api_type']?.value).toBe('rest');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatehouse, tempDir, writeFiles } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/gateways/aws');

interface JsonOutput {
  findings: { source: string; evidence: string[] }[];
}

describe('gatehouse audit on AWS API Gateway evidence', () => {
  it('audits the folder (exports, templates, CLI JSON): JSON output, exit 0, no import errors', () => {
    const r = gatehouse(['audit', fixtures, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOutput;
    for (const f of out.findings.filter((x) => x.source === 'gateway')) expect(f.evidence[0]).toMatch(/\.(json|ya?ml)$/);
    expect(r.stdout).not.toContain('b3JkZXJzOnMzY3IzdA');
  });

  it('lists exports twice (as a spec and as a gateway), templates and CLI files once', () => {
    const r = gatehouse(['audit', fixtures, '--no-progress']);
    expect(r.code).toBe(0);
    for (const line of [
      'serverless-rest-api-swagger.yaml (swagger-2.0, 13 operations)',
      'serverless-rest-api-swagger.yaml (aws-openapi, 13 operations)',
      'owasp-demo-payment-template.yaml (aws-sam, 1 operations)',
      'cli-join/orders-export.json (aws-openapi, 6 operations)',
      'cli-join/stages.json (aws-cli, 0 operations)',
      'own/cfn-rest-and-http.yaml (aws-cloudformation, 3 operations)',
    ])
      expect(r.stdout).toContain(line);
  });

  it('reports a broken template with file and line, exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'template.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Type: AWS::ApiGateway::RestApi\n" });
    const r = gatehouse(['audit', dir, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/template\.yaml:5:\d+: duplicate key/);
  });
});

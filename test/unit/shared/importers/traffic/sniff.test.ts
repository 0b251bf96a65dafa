import { describe, expect, it } from 'vitest';
import { sniffTraffic } from '../../../../../shared/importers/traffic/sniff.js';
import { compileLogFormat } from '../../../../../shared/importers/traffic/nginx-format.js';
import { fixture, HARS, LOGS } from './import-helper.js';

const sniff = (dir: string, name: string, options = {}) => sniffTraffic(name, fixture(dir, name).slice(0, 65536), fixture(dir, name).length <= 65536, options);

describe('recognising traffic files', () => {
  it('names the format of each kind of log', () => {
    expect(sniff(LOGS, 'apache_logs')).toMatchObject({ kind: 'traffic', format: 'combined', mode: 'lines' });
    expect(sniff(LOGS, 'kong-file-log-samples.ndjson')).toMatchObject({ format: 'kong-json', mode: 'json-lines' });
    expect(sniff(LOGS, 'kong-log-format-3.4plus.json')).toMatchObject({ format: 'kong-json', mode: 'json-document' });
    expect(sniff(LOGS, 'own/alb.log')).toMatchObject({ format: 'alb' });
    expect(sniff(LOGS, 'own/envoy-default.log')).toMatchObject({ format: 'envoy-text' });
    expect(sniff(LOGS, 'own/envoy.jsonl')).toMatchObject({ format: 'envoy-json' });
    expect(sniff(LOGS, 'own/apigw-rest.jsonl')).toMatchObject({ format: 'aws-apigw-json' });
    expect(sniff(LOGS, 'own/apim-resource.jsonl')).toMatchObject({ format: 'apim-json' });
    expect(sniff(LOGS, 'own/apim-legacy.json')).toMatchObject({ format: 'apim-json', mode: 'json-document' });
    expect(sniff(LOGS, 'own/filter-log-events.json')).toMatchObject({ format: 'cloudwatch', mode: 'json-document' });
    expect(sniff(HARS, 'with-bom.har')).toMatchObject({ format: 'har', mode: 'har' });
    expect(sniff(HARS, 'brokenfile.har')).toMatchObject({ format: 'har' });
  });

  it('uses a given log_format only when the lines fit it', () => {
    const logFormat = compileLogFormat(fixture(LOGS, 'own/nginx-custom.format'));
    expect(sniff(LOGS, 'own/nginx-custom.log', { logFormat })).toMatchObject({ format: 'nginx-custom' });
    expect(sniff(LOGS, 'own/nginx-custom.log')).toBeUndefined();
    expect(sniff(LOGS, 'apache_logs', { logFormat })).toMatchObject({ format: 'combined' });
  });

  it('recognises Apache and NGINX error logs as what they are', () => {
    expect(sniff(LOGS, 'own/apache-error.log')).toMatchObject({ kind: 'not-traffic', what: 'an Apache error log', message: expect.stringMatching(/not an access log/) });
    expect(sniff(LOGS, 'own/nginx-error.log')).toMatchObject({ kind: 'not-traffic', what: 'an NGINX error log' });
  });

  it('does not claim API descriptions or arbitrary JSON and text', () => {
    expect(sniffTraffic('api.json', '{"openapi": "3.0.0", "paths": {}}', true)).toBeUndefined();
    expect(sniffTraffic('x.json', '{"name": "package", "version": "1.0.0"}', true)).toBeUndefined();
    expect(sniffTraffic('notes.txt', 'hello\nworld\n', true)).toBeUndefined();
    expect(sniffTraffic('empty.log', '', true)).toBeUndefined();
  });
});

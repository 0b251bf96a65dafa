import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../shared/importers/import-error.js';
import { lineColumn } from '../../../../shared/importers/text/parsed-text.js';
import { parseStructured } from '../../../../shared/importers/text/parse-structured.js';

function where(text: string, file: string, pointer: string): { line: number; column: number } {
  const doc = parseStructured(text, file);
  return lineColumn(doc.lineStarts, doc.offsetsOf([pointer])[0]!);
}

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('JSON with positions', () => {
  const json = '{\n  "paths": {\n    "/a/{id}": {\n      "get": { "responses": { "200": { "description": "ok" } } }\n    }\n  },\n  "list": [1, {"x": 2}]\n}\n';

  it('finds the line and column of keys and array items by JSON pointer', () => {
    expect(where(json, 'a.json', '/paths/~1a~1{id}/get')).toEqual({ line: 4, column: 7 });
    expect(where(json, 'a.json', '/paths/~1a~1{id}/get/responses/200')).toEqual({ line: 4, column: 31 });
    expect(where(json, 'a.json', '/list/1/x')).toEqual({ line: 7, column: 16 });
  });

  it('falls back to the deepest existing node for a pointer past the document', () => {
    expect(where(json, 'a.json', '/paths/~1a~1{id}/post/summary')).toEqual({ line: 3, column: 5 });
  });

  it('reports broken JSON with file, line and column', () => {
    const e = importError(() => parseStructured('{\n  "a": 1,\n  "b": ]\n}', 'broken.json'));
    expect(e.file).toBe('broken.json');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^broken\.json:3:\d+: invalid JSON/);
  });

  it('refuses duplicate keys where they would drop part of the API', () => {
    const e = importError(() => parseStructured('{"paths": {"/a": {}, "/b": {}, "/a": {"get": {}}}}', 'dup.json'));
    expect(e.message).toContain('duplicate key "/a"');
    expect(e.line).toBe(1);
    expect(e.column).toBe(32);
  });
});

describe('YAML with positions', () => {
  it('finds keys by pointer', () => {
    const yaml = 'openapi: 3.0.3\npaths:\n  /users/{id}:\n    get:\n      responses:\n        "200":\n          description: ok\n';
    expect(where(yaml, 'a.yaml', '/paths/~1users~1{id}/get/responses/200')).toEqual({ line: 6, column: 9 });
  });

  it('reports duplicate keys with their line', () => {
    const e = importError(() => parseStructured('a: 1\nb:\n  c: 2\n  c: 3\n', 'dup.yaml'));
    expect(e.message).toMatch(/duplicate key/i);
    expect(e.line).toBe(4);
  });

  it('reports a tab used for indentation', () => {
    const e = importError(() => parseStructured('paths:\n\t/a: {}\n', 'tab.yaml'));
    expect(e.file).toBe('tab.yaml');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/tab/i);
  });

  it('reports broken YAML with file and line', () => {
    const e = importError(() => parseStructured('a: [1, 2\nb: 3\n', 'broken.yaml'));
    expect(e.line).toBeGreaterThan(0);
    expect(e.message).toMatch(/^broken\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('refuses an alias bomb quickly and without expanding it', () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
    const started = Date.now();
    const e = importError(() => parseStructured(lines.join('\n') + '\n', 'bomb.yaml'));
    expect(e.message).toMatch(/alias bomb/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps ordinary aliases working', () => {
    const doc = parseStructured('base: &b {type: string}\nother: *b\n', 'alias.yaml');
    expect((doc.value as Record<string, unknown>).other).toEqual({ type: 'string' });
  });

  it('refuses a document over the size limit before parsing it', () => {
    const big = 'x: "' + 'a'.repeat(41 * 1024 * 1024) + '"\n';
    const started = Date.now();
    const e = importError(() => parseStructured(big, 'huge.yaml'));
    expect(e.message).toMatch(/MB are refused/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

import { describe, expect, it } from 'vitest';
import { JsonElementSplitter } from '../../../../../shared/importers/traffic/json-splitter.js';

function split(text: string, targets: string[], chunk = 3) {
  const out: { text: string; line: number; index: number; array: string }[] = [];
  const s = new JsonElementSplitter(targets, (t, line, index, array) => out.push({ text: t, line, index, array }));
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk));
  s.end();
  return { out, problem: s.problem, found: s.arraysFound };
}

describe('streaming JSON element splitter', () => {
  const doc = '{\n "log": {\n  "version": "1.2",\n  "entries": [\n   {"a": "x]}\\"y", "b": [1, {"c": 2}]},\n   {"a": 2}\n  ],\n  "pages": [{"p": 1}]\n }\n}\n';

  it('hands over each element of the target array with its first line, whatever the chunking', () => {
    for (const chunk of [1, 2, 5, 64, 4096]) {
      const { out, problem } = split(doc, ['log.entries'], chunk);
      expect(problem, `chunk ${chunk}`).toBeUndefined();
      expect(out.map((o) => JSON.parse(o.text)), `chunk ${chunk}`).toEqual([{ a: 'x]}"y', b: [1, { c: 2 }] }, { a: 2 }]);
      expect(out.map((o) => o.line)).toEqual([5, 6]);
      expect(out.map((o) => o.array)).toEqual(['log.entries', 'log.entries']);
    }
  });

  it('emits the elements of a root array, and a root object that holds no target array', () => {
    expect(split('[{"x":1},{"x":2}]', ['']).out.map((o) => o.text)).toEqual(['{"x":1}', '{"x":2}']);
    expect(split('{"request": {"uri": "/a"}}', ['events']).out.map((o) => o.text)).toEqual(['{"request": {"uri": "/a"}}']);
  });

  it('reports a broken document at its line and column', () => {
    const { problem } = split('{"log":\n[\n    2,1,3\n]\n"request:"}', ['log.entries']);
    expect(problem).toMatchObject({ line: 5, message: expect.stringMatching(/unexpected string/) });
    expect(split('{"a": [1, 2}', ['']).problem?.message).toMatch(/cannot close an array/);
    expect(split('{"a": 1', ['']).problem?.message).toMatch(/ends before it is complete/);
    expect(split('{"a": 1} x', ['']).problem?.message).toMatch(/after the end/);
    expect(split('   ', ['']).problem?.message).toMatch(/holds no JSON/);
  });
});

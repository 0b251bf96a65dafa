/**
 * YAML → plain values with source offsets (see parsed-text.ts). Two readers give the same
 * result: a fast one on js-yaml (yaml-fast.ts) for the plain files that make up nearly every
 * spec, and the exact one below on the `yaml` package, used whenever the fast one is unsure.
 * The exact reader turns duplicate keys, tabs used for indentation and other syntax errors into
 * an ImportError with line and column; aliases are shared rather than copied, and an alias bomb
 * (aliases whose expansion would be huge) is refused before anything expands.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ImportError } from '../import-error.js';
import { offsetOfPointerViaMap, type NodeOffsets, type ParsedText } from './parsed-text.js';
import { readYamlFast, type YamlRead } from './yaml-fast.js';

/** How many nodes aliases may expand to in one document before it is refused. */
const MAX_ALIAS_EXPANSION = 200_000;

export interface YamlOptions {
  /** Tags such as CloudFormation's !Ref, !Sub: kept as { '!Ref': value } instead of failing. */
  customTags?: string[];
}

export function parseYamlWithPositions(text: string, file: string, options: YamlOptions = {}): ParsedText {
  const { value, offsets, lineStarts } = readYamlFast(text) ?? readYamlExact(text, file, options);
  return {
    file,
    format: 'yaml',
    value,
    text,
    lineStarts,
    offsetsOf: (pointers) => pointers.map((p) => offsetOfPointerViaMap(value, offsets, p)),
  };
}

/** The exact reader, on the `yaml` package (YAML 1.2 core schema, strict, unique keys). */
export function readYamlExact(text: string, file: string, options: YamlOptions = {}): YamlRead {
  const lineCounter = new LineCounter();
  const customTags = (options.customTags ?? []).flatMap((tag) => [
    { tag, resolve: (value: string) => ({ [tag]: value }) },
    { tag, collection: 'seq' as const, resolve: (seq: unknown) => ({ [tag]: (seq as { toJSON(): unknown }).toJSON() }) },
    { tag, collection: 'map' as const, resolve: (map: unknown) => ({ [tag]: (map as { toJSON(): unknown }).toJSON() }) },
  ]);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      keepSourceTokens: false,
      ...(customTags.length ? { customTags: customTags as never } : {}),
    });
  } catch (e) {
    throw new ImportError(file, `YAML could not be read: ${(e as Error).message}`);
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw new ImportError(file, yamlReason(firstError.code, firstError.message), line, col);
  }

  const offsets = new WeakMap<object, NodeOffsets>();
  const converted = new Map<Node, unknown>();
  const sizes = new Map<Node, number>();
  let aliasExpansion = 0;

  const fail = (message: string, offset: number): never => {
    const { line, col } = lineCounter.linePos(offset);
    throw new ImportError(file, message, line, col);
  };

  function size(node: unknown, depth: number): number {
    if (!node || typeof node !== 'object') return 1;
    const n = node as Node;
    const known = sizes.get(n);
    if (known !== undefined) return known;
    if (depth > 200) return fail('YAML aliases nest too deeply', n.range?.[0] ?? 0);
    let total = 1;
    if (isAlias(n)) {
      total = size(n.resolve(doc), depth + 1);
    } else if (isMap(n) || isSeq(n)) {
      for (const item of n.items as unknown[]) {
        if (isPair(item)) total += size(item.key, depth + 1) + size(item.value, depth + 1);
        else total += size(item, depth + 1);
        if (total > MAX_ALIAS_EXPANSION * 10) break;
      }
    }
    sizes.set(n, total);
    return total;
  }

  function convert(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > 1000) return fail('nesting deeper than 1000 levels', (node as Node).range?.[0] ?? 0);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return fail(`unknown alias *${node.source}`, node.range?.[0] ?? 0);
      aliasExpansion += size(target, 0);
      if (aliasExpansion > MAX_ALIAS_EXPANSION)
        fail(`YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?); refusing the file`, node.range?.[0] ?? 0);
      const done = converted.get(target);
      if (done !== undefined) return done;
      return convert(target, depth + 1);
    }
    if (isScalar(node)) {
      const v = node.value;
      return typeof v === 'bigint' ? Number(v) : (v ?? null);
    }
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      const members: Record<string, number> = Object.create(null) as Record<string, number>;
      offsets.set(obj, { at: node.range?.[0] ?? 0, members });
      converted.set(node, obj);
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(convert(keyNode, depth + 1)) : '';
        const keyAt = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
        const value = convert(pair.value, depth + 1);
        if (key === '<<' && value && typeof value === 'object') {
          // YAML 1.1 merge key: copy members not set explicitly.
          for (const src of Array.isArray(value) ? value : [value]) {
            if (src && typeof src === 'object')
              for (const [k, v] of Object.entries(src as Record<string, unknown>))
                if (!(k in members)) {
                  obj[k] = v;
                  members[k] = keyAt;
                }
          }
          continue;
        }
        members[key] = keyAt;
        if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        else obj[key] = value;
      }
      return obj;
    }
    if (isSeq(node)) {
      const arr: unknown[] = [];
      const members: number[] = [];
      offsets.set(arr, { at: node.range?.[0] ?? 0, members });
      converted.set(node, arr);
      for (const item of node.items) {
        members.push((item as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0);
        arr.push(convert(item, depth + 1));
      }
      return arr;
    }
    return null;
  }

  const value = convert(doc.contents, 0);
  return { value, offsets, lineStarts: lineCounter.lineStarts };
}

function yamlReason(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  const cleaned = first.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key: ${cleaned}`;
    case 'TAB_AS_INDENT':
      return `a tab is used for indentation (YAML allows only spaces): ${cleaned}`;
    default:
      return `YAML syntax error (${code}): ${cleaned}`;
  }
}

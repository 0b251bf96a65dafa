/**
 * CloudFormation intrinsic functions as they appear in templates and in OpenAPI bodies meant for
 * SAM (`Fn::Sub`, `Fn::GetAtt`, `Ref`, and the short-form tags `!Sub`, `!Ref`, `!GetAtt`…, which
 * the YAML reader keeps as `{ "!Sub": … }`). Nothing is evaluated: a value is shown as the text
 * it stands for (`${OrdersFunction.Arn}`), which is enough to tell an ARN from an http:// URL.
 */
import { asBool, asNumber, isObj } from '../common/a-node-reader.js';

/** Short-form tags the YAML reader must accept in CloudFormation/SAM templates. */
export const CFN_TAGS = [
  '!Ref',
  '!Sub',
  '!GetAtt',
  '!Join',
  '!Select',
  '!Split',
  '!If',
  '!Equals',
  '!Not',
  '!And',
  '!Or',
  '!FindInMap',
  '!ImportValue',
  '!Base64',
  '!Cidr',
  '!GetAZs',
  '!Condition',
  '!Transform',
  '!ToJsonString',
  '!Length',
];

/** The intrinsic of a one-key object (`Fn::Sub`, `!Sub` and `Ref` all give `Sub`/`Ref`), else undefined. */
export function intrinsicOf(v: unknown): { fn: string; arg: unknown } | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  if (k === 'Ref' || k === '!Ref') return { fn: 'Ref', arg: v[k] };
  if (k === 'Condition' || k === '!Condition') return { fn: 'Condition', arg: v[k] };
  const m = /^(?:Fn::|!)([A-Za-z0-9]+)$/.exec(k);
  return m ? { fn: m[1]!, arg: v[k] } : undefined;
}

/** The text a value stands for: strings as they are, intrinsics as `${…}` placeholders. */
export function cfnText(v: unknown, depth = 0): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (depth > 10) return undefined;
  const i = intrinsicOf(v);
  if (!i) return undefined;
  switch (i.fn) {
    case 'Ref':
      return `\${${cfnText(i.arg, depth + 1) ?? '?'}}`;
    case 'Sub':
      return Array.isArray(i.arg) ? cfnText(i.arg[0], depth + 1) : cfnText(i.arg, depth + 1);
    case 'GetAtt': {
      const parts = Array.isArray(i.arg) ? i.arg.map((x) => cfnText(x, depth + 1) ?? '?') : [cfnText(i.arg, depth + 1) ?? '?'];
      return `\${${parts.join('.')}}`;
    }
    case 'Join': {
      if (!Array.isArray(i.arg)) return undefined;
      const sep = cfnText(i.arg[0], depth + 1) ?? '';
      const items = Array.isArray(i.arg[1]) ? i.arg[1] : [];
      return items.map((x) => cfnText(x, depth + 1) ?? '${?}').join(sep);
    }
    case 'ImportValue':
      return `\${Import:${cfnText(i.arg, depth + 1) ?? '?'}}`;
    case 'If':
      return Array.isArray(i.arg) ? cfnText(i.arg[1], depth + 1) : undefined;
    default:
      return `\${Fn::${i.fn}}`;
  }
}

/** The logical id a `Ref`/`GetAtt` points to (`!Ref OrderApi` → OrderApi, `!GetAtt Api.RootResourceId` → Api). */
export function refTarget(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const i = intrinsicOf(v);
  if (!i) return undefined;
  if (i.fn === 'Ref') return typeof i.arg === 'string' ? i.arg : undefined;
  if (i.fn === 'GetAtt') {
    const first = Array.isArray(i.arg) ? i.arg[0] : typeof i.arg === 'string' ? i.arg.split('.')[0] : undefined;
    return typeof first === 'string' ? first : undefined;
  }
  if (i.fn === 'Sub') {
    const s = cfnText(v);
    const m = s ? /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}$/.exec(s) : null;
    return m?.[1];
  }
  return undefined;
}

export function cfnBool(v: unknown): boolean | undefined {
  return asBool(v);
}

export function cfnNumber(v: unknown): number | undefined {
  return asNumber(v);
}

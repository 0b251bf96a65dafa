import type { Severity } from '../../../model/finding.js';
import { childRef, sourceKey, type SourceRef } from '../../../model/source.js';
import type { Operation } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { ADMIN_PATH } from '../../dictionaries.js';
import { isWriteMethod } from '../schema-helpers.js';
import { describeSecurity, isPublicByDesign, listNames, undeclaredCredentialParameters } from './operation-facts.js';

const LOWER: Record<Severity, Severity> = { critical: 'high', high: 'medium', medium: 'low', low: 'info', info: 'info' };

/**
 * Write operations and admin-style paths are high, reads medium; one step lower when a
 * credential-like header shows that authentication may happen outside the declared schemes.
 */
function ratingOf(ops: readonly Operation[]): { severity: Severity; note: string } {
  const many = ops.length > 1;
  const write = ops.some((o) => isWriteMethod(o.method));
  const admin = ops.some((o) => ADMIN_PATH.test(o.path));
  let severity: Severity = write || admin ? 'high' : 'medium';
  let reason = write
    ? `${many ? 'at least one of them changes' : 'it changes'} data`
    : admin
      ? `${many ? 'at least one of them is' : 'it is'} an admin-style path`
      : `${many ? 'they only read' : 'it only reads'}`;
  const headers = [...new Set(ops.flatMap((o) => undeclaredCredentialParameters(o).map((p) => p.name)))];
  if (!headers.length) {
    const tail = severity === 'high' ? 'rated high' : 'rated medium (write operations and admin paths are rated high)';
    return { severity, note: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}, so this is ${tail}.` };
  }
  const normal = severity;
  severity = LOWER[severity];
  reason = `${reason.charAt(0).toUpperCase()}${reason.slice(1)} (normally ${normal})`;
  return {
    severity,
    note:
      `${reason}, but ${many ? 'they declare' : 'it declares'} the credential-like ${headers.length > 1 ? 'parameters' : 'parameter'} ${listNames(headers)}, ` +
      `so the server may check a credential the description does not model: rated ${severity}. Declare it as a security scheme so tools and gateways can enforce it.`,
  };
}

export const unauthenticatedOperation = defineSpecRule({
  id: 'spec.auth.unauthenticated-operation',
  title: 'Operation callable without authentication',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32', 'GDPR-5(1)(f)'],
  equivalents: ['owasp:api2:2023-write-restricted', 'owasp:api2:2023-read-restricted'],
  rationale:
    'An operation with no effective security requirement, an explicit `security: []`, or an anonymous `{}` alternative can be called by anyone. ' +
    'An operation-level `security: []` silently removes the root requirement, and `{}` makes every other alternative optional (Spectral misses the latter). ' +
    'Login, registration, token, password-reset and OTP operations are public by design and are not reported here.',
  remediation:
    'Require a security scheme on the operation (or at the root) and remove `security: []` overrides and `{}` alternatives, unless the operation is deliberately public; then document why and suppress this finding with that reason.',
  check(ctx) {
    const spec = ctx.spec;
    const rootAnonymous: { at: SourceRef; ops: Operation[]; others: string }[] = [];
    for (const op of spec.operations) {
      if (op.auth === 'required' || isPublicByDesign(op, spec)) continue;
      if (op.auth === 'optional') {
        const index = op.security.findIndex((alt) => Object.keys(alt).length === 0);
        const others = op.security.filter((alt) => Object.keys(alt).length > 0);
        const otherText = others.length ? `${describeSecurity(others)} optional` : 'authentication entirely optional (it is the only alternative)';
        if (op.securitySource === 'root') {
          const at: SourceRef = { file: spec.file, pointer: `/security/${index}` };
          const group = rootAnonymous.find((g) => sourceKey(g.at) === sourceKey(at));
          if (group) group.ops.push(op);
          else rootAnonymous.push({ at, ops: [op], others: otherText });
          continue;
        }
        const { severity, note } = ratingOf([op]);
        ctx.report(childRef(op.at, 'security', index), {
          message: `${op.endpoint} accepts anonymous callers: the empty alternative \`{}\` in its \`security\` list makes ${otherText}. ${note}`,
          endpoints: [op.endpoint],
          severity,
        });
        continue;
      }
      // auth === 'none'
      const { severity, note } = ratingOf([op]);
      const root = spec.rootSecurity ?? [];
      const rootRequires = root.some((alt) => Object.keys(alt).length > 0);
      if (op.securitySource === 'operation') {
        const message = rootRequires
          ? `${op.endpoint} turns authentication off: its \`security: []\` overrides the root requirement (${describeSecurity(root)}), so anyone can call it. ${note}`
          : `${op.endpoint} is declared public with \`security: []\`: anyone can call it. ${note}`;
        ctx.report(childRef(op.at, 'security'), { message, endpoints: [op.endpoint], severity });
        continue;
      }
      const declared = spec.securitySchemes.map((s) => s.name);
      const why =
        op.securitySource === 'root'
          ? 'the root `security` list is empty and the operation declares none of its own'
          : declared.length
            ? `it declares no \`security\` and there is no root \`security\` (the schemes ${listNames(declared)} are declared but not required here)`
            : 'the description declares no security scheme at all';
      ctx.report(op.at, { message: `${op.endpoint} requires no authentication: ${why}. ${note}`, endpoints: [op.endpoint], severity });
    }
    for (const g of rootAnonymous) {
      const { severity, note } = ratingOf(g.ops);
      ctx.report(g.at, {
        message:
          `The root \`security\` list offers the anonymous alternative \`{}\`, which makes ${g.others} for the ${g.ops.length} ` +
          `operation${g.ops.length > 1 ? 's' : ''} inheriting it: anyone can call them. ${note}`,
        endpoints: g.ops.map((o) => o.endpoint),
        severity,
      });
    }
  },
});

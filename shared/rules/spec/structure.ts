import { defineSpecRule } from '../define-rule.js';

/** What the importer found structurally wrong, reported where it is. */
export const invalidStructure = defineSpecRule({
  id: 'spec.structure.invalid',
  title: 'API description breaks the OpenAPI schema',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: ['oas3-schema', 'oas2-schema'],
  rationale:
    'Gateways, client generators and validators read an invalid description differently or not at all, so what is documented and what is enforced drift apart.',
  remediation: 'Fix the field named in the message so that the description validates against the OpenAPI schema of its version.',
  check(ctx) {
    for (const p of ctx.spec.problems) if (p.kind === 'schema-violation') ctx.report(p.at, { message: p.message });
  },
});

export const externalReference = defineSpecRule({
  id: 'spec.refs.external',
  title: 'Reference to a definition outside the imported evidence',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API9:2023', 'API10:2023'],
  equivalents: [],
  rationale:
    'A $ref to a URL or to a file outside the audited folder pulls in definitions the audit cannot see; Gatehouse never fetches them, so whatever they define was not checked, and the description changes whenever the remote copy does.',
  remediation: 'Bundle the referenced definition into the evidence (or include its file in the imported folder) and pin its version.',
  check(ctx) {
    for (const p of ctx.spec.problems)
      if (p.kind === 'external-ref' || p.kind === 'outside-ref') ctx.report(p.at, { message: p.message });
  },
});

export const unresolvedReference = defineSpecRule({
  id: 'spec.refs.unresolved',
  title: 'Reference that points to nothing',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: [],
  rationale: 'A broken $ref leaves part of the API undescribed: tools drop it silently and the audit cannot check it.',
  remediation: 'Point the $ref at an existing definition, or add the missing file to the evidence.',
  check(ctx) {
    for (const p of ctx.spec.problems) if (p.kind === 'unresolved-ref') ctx.report(p.at, { message: p.message });
  },
});

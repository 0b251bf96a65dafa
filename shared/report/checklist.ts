/**
 * The manual checklist: questions for the controls that automated evidence cannot judge. The
 * auditor answers them (`gatehouse checklist answer <item> yes|no|partial|n/a --note …`); the
 * answers are kept in the workspace and shown in the report next to the automated evidence.
 *
 * Item ids are stable (`chk.<control>.<topic>`): answers hang on them, so an id is never reused
 * for a different question. Every item names the control requirements it gives evidence for.
 */

export const CHECKLIST_ANSWERS = ['yes', 'no', 'partial', 'n/a'] as const;
export type ChecklistAnswerValue = (typeof CHECKLIST_ANSWERS)[number];

export interface ChecklistItem {
  id: string;
  title: string;
  /** The question, phrased so that "yes" is the good answer. */
  question: string;
  /** Requirement ids from the control catalogs (`GDPR-33`, `API1:2023`, …). */
  controls: string[];
  /** Why a person has to answer this: what the evidence files cannot show. */
  why: string;
}

function item(id: string, title: string, controls: string[], question: string, why: string): ChecklistItem {
  return { id, title, question, controls, why };
}

export const CHECKLIST: readonly ChecklistItem[] = [
  item(
    'chk.gdpr-33.incident-response',
    'Breach detection and notification',
    ['GDPR-33', 'GDPR-34'],
    'Is there a tested procedure that detects personal-data breaches in this API, decides within 72 hours ' +
      'whether to notify the supervisory authority, informs data subjects where required, and documents every breach?',
    'Whether an event is a breach, and when the controller became aware of it, are human and legal decisions; logs only show detection capability.',
  ),
  item(
    'chk.gdpr-35.dpia',
    'Data protection impact assessment',
    ['GDPR-35'],
    'Has a DPIA been carried out (or its absence justified in writing) for the processing behind this API, ' +
      'in particular for special-category data, profiling or AI features?',
    'Whether a DPIA is required, and what it concludes, cannot be read from configuration.',
  ),
  item(
    'chk.gdpr-5-1-e.log-retention',
    'Retention of logs and stored data',
    ['GDPR-5(1)(e)'],
    'Are retention periods defined and justified for API logs, traces, caches and backups that hold personal data, and are they enforced?',
    'Evidence shows configured or observed retention, not whether the period is justified for its purpose.',
  ),
  item(
    'chk.gdpr-30.records-of-processing',
    'Records of processing activities',
    ['GDPR-30'],
    'Does the record of processing activities cover this API: purposes, data categories, recipients (including ' +
      'third countries), erasure periods and security measures?',
    'Purposes, legal bases and data-subject categories come from the controller; an inventory is input to the record, not the record.',
  ),
  item(
    'chk.gdpr-44.transfer-safeguards',
    'Safeguards for transfers to third countries',
    ['GDPR-44'],
    'For every recipient outside the EEA (upstreams, SaaS and LLM providers, log sinks), is there a transfer tool ' +
      '(adequacy decision, SCCs, BCRs) and, where needed, a transfer impact assessment?',
    'Where data is processed and which transfer tool applies cannot be derived from host names or configuration.',
  ),
  item(
    'chk.gdpr-28.processor-contracts',
    'Contracts with processors',
    ['GDPR-28'],
    'Are data processing agreements in place with every processor the API sends personal data to (hosting, log and telemetry services, AI providers)?',
    'Contracts are not visible in API artefacts.',
  ),
  item(
    'chk.gdpr-6.lawful-basis',
    'Lawful basis and special categories',
    ['GDPR-6', 'GDPR-9'],
    'Is a lawful basis documented for each purpose of the processing, and a condition of Article 9 for any special-category data the API handles?',
    'A lawful basis is a legal determination; it is never derivable from evidence files.',
  ),
  item(
    'chk.gdpr-12-22.data-subject-rights',
    'Data subject requests',
    ['GDPR-12-22'],
    'Are access, rectification, erasure and portability requests fulfilled within one month, including data held in gateway logs and caches?',
    'An endpoint for data-subject requests existing does not show that requests are fulfilled.',
  ),
  item(
    'chk.gdpr-32.key-rotation',
    'Key and secret rotation',
    ['GDPR-32', 'API2:2023'],
    'Are API keys, token-signing keys, client secrets and TLS keys rotated on a schedule and revoked promptly when staff leave or a leak is suspected?',
    'Rotation happens over time; a snapshot of configuration cannot show that it happens.',
  ),
  item(
    'chk.gdpr-32.encryption-at-rest',
    'Encryption at rest, backups and restore',
    ['GDPR-32', 'GDPR-32(1)(a)'],
    'Is personal data behind the API encrypted at rest, backed up, and has a restore been tested within the last year?',
    'Storage, backups and restores are invisible in API descriptions and gateway configuration.',
  ),
  item(
    'chk.api1.bola-testing',
    'Object-level authorization tested',
    ['API1:2023'],
    'Has every endpoint that takes an object identifier been tested with a second user\'s identifiers (read, change, delete) and refused access?',
    'Ownership checks are business logic in the backend; specifications can only point at candidates.',
  ),
  item(
    'chk.api5.function-level-testing',
    'Function-level authorization tested',
    ['API5:2023'],
    'Have administrative and privileged functions been called with ordinary users\' credentials and refused?',
    'Which roles the backend enforces is not visible in the API description.',
  ),
  item(
    'chk.api6.business-flows',
    'Sensitive business flows reviewed',
    ['API6:2023'],
    'Have the business flows that would hurt if automated at scale (sign-up, checkout, booking, messaging) been identified and protected against abuse?',
    'Which flows are sensitive depends on the business, not on the API\'s shape.',
  ),
  item(
    'chk.api8.deployed-configuration',
    'Deployed configuration matches the reviewed one',
    ['API8:2023', 'GDPR-5(1)(f)'],
    'Was it confirmed that the configuration and specifications audited are the ones deployed in production during the audit period?',
    'A policy in a file does not prove it was deployed or effective over the audit period.',
  ),
  item(
    'chk.api9.inventory',
    'API inventory and retirement',
    ['API9:2023'],
    'Is there an owned inventory of all API hosts, versions and environments, and are old versions retired on a schedule?',
    'Only the evidence handed over is audited; APIs nobody exported remain out of view.',
  ),
  item(
    'chk.api10.third-party-apis',
    'Data from third-party APIs validated',
    ['API10:2023'],
    'Is data received from third-party and upstream APIs validated and are their redirects and TLS settings checked before it is trusted?',
    'How the backend treats upstream responses is implementation, not description.',
  ),
  item(
    'chk.llm01.prompt-injection-testing',
    'Prompt injection tested',
    ['LLM01:2025', 'LLM06:2025'],
    'Have the AI features been tested against direct and indirect prompt injection, and do tool calls with side effects need human approval?',
    'Model behaviour is only observable by testing it; descriptions cannot show it.',
  ),
  item(
    'chk.llm09.human-oversight',
    'Human oversight of AI output',
    ['LLM09:2025'],
    'Are users told when content is AI-generated, and is AI output reviewed by a person before it drives decisions about people?',
    'Reliance on AI output is a product and organisational matter.',
  ),
];

const BY_ID: ReadonlyMap<string, ChecklistItem> = new Map(CHECKLIST.map((entry) => [entry.id, entry]));

/** The shipped item with this id, or undefined. */
export function findChecklistItem(id: string): ChecklistItem | undefined {
  return BY_ID.get(id);
}

/** Items that give evidence for a requirement id (exact match). */
export function checklistItemsFor(control: string): ChecklistItem[] {
  return CHECKLIST.filter((entry) => entry.controls.includes(control));
}

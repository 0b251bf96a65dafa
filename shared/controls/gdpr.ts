/**
 * GDPR (Regulation (EU) 2016/679) articles that an API audit can contribute evidence to.
 * Summaries are our own paraphrase, not the legal text, and nothing here is legal advice.
 * Every entry carries `limits`: what automated evidence can never establish for that article.
 * Findings mapped here support, contradict or leave open a conclusion; they never show compliance.
 */
import type { ControlCatalog, ControlRequirement } from '../model/control.js';

function requirement(id: string, title: string, summary: string, limits: string): ControlRequirement {
  return { id, catalog: 'gdpr', title, summary, limits };
}

export const GDPR: ControlCatalog = {
  id: 'gdpr',
  title: 'General Data Protection Regulation',
  version: 'Regulation (EU) 2016/679',
  requirements: [
    requirement(
      'GDPR-5(1)(c)',
      'Data minimisation',
      'Personal data must be adequate and relevant, and no more than the purpose of the processing ' +
        'requires. For an API this concerns which personal fields responses return, whether ' +
        'clients can ask for more than they need, and whether full request or response bodies end ' +
        'up in logs.',
      'What is necessary depends on the purpose, which configuration does not reveal. The tool can ' +
        'flag probable excess; a person decides whether it is excessive.',
    ),
    requirement(
      'GDPR-5(1)(e)',
      'Storage limitation',
      'Data that identifies people may be kept only as long as the purpose needs. Relevant API ' +
        'evidence includes retention settings of log stores, rotation of log files, the oldest ' +
        'records found in exports, and personal data placed in URLs that then spreads into every ' +
        'log.',
      'Evidence shows the retention that is configured or observed, not whether that period is ' +
        'justified for the purpose.',
    ),
    requirement(
      'GDPR-5(1)(f)',
      'Integrity and confidentiality',
      'Processing must be protected by security suited to it, guarding against unauthorised or ' +
        'unlawful use, loss, destruction or damage. On the API side this is the sum of transport ' +
        'encryption, authentication, authorisation, rate limiting and non-leaking error handling.',
      'Only technical controls visible in artefacts can be assessed; people, processes and ' +
        'physical security are out of view.',
    ),
    requirement(
      'GDPR-5(2)',
      'Accountability',
      'The controller is responsible for meeting the processing principles and must be able to ' +
        'show that it does. Repeatable, time-stamped audit runs with evidence kept alongside its ' +
        'provenance contribute to that demonstration.',
      'An audit contributes to accountability; it does not discharge it. Policies, decisions and ' +
        'their documentation remain with the controller.',
    ),
    requirement(
      'GDPR-25',
      'Data protection by design and by default',
      'Protection principles such as minimisation have to be built into how processing is ' +
        'designed, and the default settings must process only what each purpose needs. In ' +
        'particular, personal data must not be made available to an unlimited audience without ' +
        'the person acting to allow it, which unauthenticated endpoints returning personal data ' +
        'contradict.',
      'Design intent and the reasons behind default settings cannot be observed in artefacts; only ' +
        'their visible outcomes can.',
    ),
    requirement(
      'GDPR-30',
      'Records of processing activities',
      'Controllers and processors keep a record of their processing: purposes, categories of data ' +
        'subjects and data, recipients including those in third countries, transfers and their ' +
        'safeguards, planned erasure periods and a general description of security measures. An ' +
        'audit can draft the technical parts: data categories per endpoint, recipient hosts, log ' +
        'sinks, retention and controls.',
      'Purposes, legal bases and categories of data subjects must come from the controller; an ' +
        'automatically drafted inventory is input to the record, never the record itself.',
    ),
    requirement(
      'GDPR-32',
      'Security of processing',
      'Technical and organisational measures must match the risk: keeping systems confidential, ' +
        'intact, available and resilient, being able to restore data after an incident, and ' +
        'testing the effectiveness of the measures regularly. Transport security, access control, ' +
        'availability limits and logging are the API-visible parts; the audit run is itself ' +
        'evidence of regular testing.',
      'Whether measures are appropriate to the risk is a judgement. Encryption at rest, backups and ' +
        'restore capability are usually invisible in API artefacts, and a setting in a file does not ' +
        'prove it was deployed and effective throughout the period.',
    ),
    requirement(
      'GDPR-32(1)(a)',
      'Pseudonymisation and encryption',
      'Among the measures the regulation names explicitly are pseudonymising personal data and ' +
        'encrypting it. For APIs the visible part is encryption in transit (current TLS versions, ' +
        'HSTS, verified upstream certificates) and pseudonymous identifiers in logs, such as hashed ' +
        'addresses or user IDs.',
      'Encryption of stored data and the strength of pseudonymisation schemes are rarely visible in ' +
        'API artefacts; observed traffic may be a sample.',
    ),
    requirement(
      'GDPR-33',
      'Notification of a personal data breach to the supervisory authority',
      'A breach must be reported to the supervisory authority without undue delay, where feasible ' +
        'within 72 hours of becoming aware of it, describing its nature and the approximate numbers ' +
        'of people and records affected; every breach has to be documented. An API audit can assess ' +
        'whether logging is complete and detailed enough to detect and scope an incident.',
      'Whether an event is a breach, whether it poses a risk and when awareness began are human and ' +
        'legal determinations; logs may be incomplete or sampled.',
    ),
    requirement(
      'GDPR-34',
      'Communication of a personal data breach to the data subject',
      'When a breach is likely to put people at high risk they must be told directly, unless an ' +
        'exception applies, for instance because the data was unintelligible to anyone unauthorised ' +
        'thanks to encryption. Evidence of encryption and of the scope of exposure feeds that ' +
        'decision.',
      'The high-risk assessment is a legal decision, and evidence of encryption for stored data is ' +
        'rarely available from API artefacts.',
    ),
    requirement(
      'GDPR-35',
      'Data protection impact assessment',
      'Processing likely to pose a high risk must be assessed before it starts, notably systematic ' +
        'automated evaluation with significant effects, large-scale use of special-category data, ' +
        'and large-scale systematic monitoring. Special-category fields, high volumes, profiling or ' +
        'AI decision endpoints and tracking data are signals that an assessment is probably due.',
      'Whether an assessment is required, and what it concludes, are manual determinations.',
    ),
    requirement(
      'GDPR-44',
      'Transfers of personal data to third countries (Chapter V, Articles 44 to 49)',
      'Any transfer outside the EEA, including onward transfers, needs a Chapter V basis: an ' +
        'adequacy decision, appropriate safeguards such as standard contractual clauses or binding ' +
        'corporate rules, or a narrow derogation, and the law of the destination must be assessed ' +
        'in practice. An audit can inventory outbound hosts that receive personal data (upstreams, ' +
        'SaaS and LLM providers, telemetry sinks) with region hints.',
      'Where data is actually processed, which transfer mechanism applies and any transfer impact ' +
        'assessment cannot be derived from configuration; host names and IP geolocation are only ' +
        'indicative.',
    ),
    requirement(
      'GDPR-6',
      'Lawfulness of processing',
      'Personal data may be processed only on one of the legal bases the regulation lists, such as ' +
        'consent, contract, legal obligation or legitimate interests. An audit can point out which ' +
        'endpoints and data flows handle personal data so that their basis can be checked.',
      'A legal basis can never be derived from technical artefacts.',
    ),
    requirement(
      'GDPR-9',
      'Processing of special categories of personal data',
      'Data revealing health, genetics, biometrics used for identification, religious or political ' +
        'views, ethnic origin, sex life or orientation or trade-union membership may only be ' +
        'processed under specific conditions; criminal-offence data is similarly restricted by ' +
        'Article 10. Fields that look like such data are flagged for legal review.',
      'Field names only hint at content; whether data is special-category and whether a condition ' +
        'for processing it is met are legal determinations.',
    ),
    requirement(
      'GDPR-12-22',
      'Rights of the data subject (Articles 12 to 22)',
      'People can obtain access to their data, have it corrected or erased, receive it in a portable ' +
        'form and object to processing, and requests must normally be answered within one month. ' +
        'An audit can find export and account-deletion endpoints, check how they are protected, and ' +
        'whether deletion can reach logs and caches given their retention.',
      'The existence of an endpoint does not show that requests are handled completely or on time.',
    ),
    requirement(
      'GDPR-28',
      'Processor',
      'A controller may use only processors that offer sufficient guarantees, bound by a contract ' +
        'that sets out the processing. Third parties seen in configurations (external APIs, log ' +
        'sinks, CDNs, LLM providers) are listed as input for checking those agreements.',
      'Whether a contract exists and what it contains is not visible in technical artefacts.',
    ),
  ],
};

/**
 * OWASP Top 10 for LLM Applications, 2025 edition, as data. Names are the official entry names;
 * the summaries are our own short wording.
 */
import type { ControlCatalog, ControlRequirement } from '../model/control.js';

function requirement(id: string, title: string, summary: string, limits?: string): ControlRequirement {
  return limits === undefined
    ? { id, catalog: 'owasp-llm-2025', title, summary }
    : { id, catalog: 'owasp-llm-2025', title, summary, limits };
}

export const OWASP_LLM_2025: ControlCatalog = {
  id: 'owasp-llm-2025',
  title: 'OWASP Top 10 for LLM Applications',
  version: '2025',
  requirements: [
    requirement(
      'LLM01:2025',
      'Prompt Injection',
      'Text that reaches the model, either typed by the user or carried inside documents, web pages ' +
        'or images the application pulls into the context, alters what the model does: it sidesteps ' +
        'guardrails, reveals data or drives tools the attacker should not control. Because no ' +
        'filter stops it completely, applications must constrain what a manipulated model can ' +
        'reach and do.',
      'Offline evidence shows exposure (unbounded prompts, client-controlled system roles, missing ' +
        'prompt guards), never whether a given model resists injection.',
    ),
    requirement(
      'LLM02:2025',
      'Sensitive Information Disclosure',
      'The model or the application around it returns personal data, secrets, proprietary content ' +
        'or details of its own configuration. The data may come from training, from retrieved ' +
        'context the caller should not see, or from prompts that pass more than needed to the ' +
        'model or its provider. Output filtering, data minimisation and access control on context ' +
        'sources reduce it.',
    ),
    requirement(
      'LLM03:2025',
      'Supply Chain',
      'Models, adapters, datasets, libraries and hosting services obtained from third parties may be ' +
        'outdated, altered, badly licensed or of unknown origin. Relying on them without provenance ' +
        'checks, version pinning and vetting of suppliers brings their weaknesses into the ' +
        'application.',
      'API artefacts reveal little about model provenance; most of this entry needs supplier and ' +
        'build-process review.',
    ),
    requirement(
      'LLM04:2025',
      'Data and Model Poisoning',
      'Training, fine-tuning or embedding data is tampered with so that the model learns hidden ' +
        'triggers, biases or degraded behaviour, which may stay invisible until a specific input ' +
        'activates it. Controlling who can feed data into these pipelines, and validating what ' +
        'they feed, is the main defence.',
      'Poisoned data cannot be recognised from configuration or traffic; only the exposure of ' +
        'ingestion endpoints can be assessed.',
    ),
    requirement(
      'LLM05:2025',
      'Improper Output Handling',
      'Model output is passed on to browsers, databases, shells, file systems or mail without being ' +
        'validated or encoded for that destination. Since an attacker can influence the output, this ' +
        'opens the door to cross-site scripting, injection, request forgery, path traversal or code ' +
        'execution. Output should be treated like any other untrusted input.',
    ),
    requirement(
      'LLM06:2025',
      'Excessive Agency',
      'An agent is given more tools, broader permissions or more autonomy than its task needs, so a ' +
        'wrong or manipulated output can set off harmful actions. Narrow tools, acting with the ' +
        "end user's own authorisation, human approval for consequential steps and authorisation " +
        'checks in the downstream systems keep the blast radius small.',
    ),
    requirement(
      'LLM07:2025',
      'System Prompt Leakage',
      'Instructions given to the model behind the scenes should be assumed to be recoverable by ' +
        'users. The danger lies in putting credentials, connection details or access rules into ' +
        'them, or in relying on them to enforce security; those controls belong in code the model ' +
        'cannot talk its way around.',
    ),
    requirement(
      'LLM08:2025',
      'Vector and Embedding Weaknesses',
      'Retrieval-augmented systems store embeddings in vector databases that may be poorly access ' +
        'controlled, shared across tenants or open to poisoned entries, letting information flow ' +
        'between users or into answers where it does not belong. Embeddings themselves can ' +
        'sometimes be inverted to reconstruct the source text.',
    ),
    requirement(
      'LLM09:2025',
      'Misinformation',
      'Models produce statements that are wrong or biased yet sound authoritative, and users or ' +
        'downstream systems rely on them without checking. Grounding answers in trusted sources, ' +
        'verification steps, human oversight and clear disclosure to users mitigate the harm.',
      'Answer quality cannot be judged from API artefacts; at most the absence of citation or ' +
        'disclaimer fields can be noted. Treat this entry as requiring manual or organisational ' +
        'review.',
    ),
    requirement(
      'LLM10:2025',
      'Unbounded Consumption',
      'Inference is allowed without limits on input size, output length, request volume or cost, so ' +
        'callers can exhaust capacity, drive up spending or query the model systematically enough ' +
        'to replicate it. Input and token caps, rate limits and quotas per key, timeouts and ' +
        'restricting access to token probabilities counter it.',
    ),
  ],
};

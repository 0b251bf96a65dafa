/**
 * OWASP API Security Top 10, 2023 edition, as data. Names are the official category names;
 * the summaries are our own short wording of what each category is about.
 */
import type { ControlCatalog, ControlRequirement } from '../model/control.js';

function requirement(id: string, title: string, summary: string, limits?: string): ControlRequirement {
  return limits === undefined
    ? { id, catalog: 'owasp-api-2023', title, summary }
    : { id, catalog: 'owasp-api-2023', title, summary, limits };
}

export const OWASP_API_2023: ControlCatalog = {
  id: 'owasp-api-2023',
  title: 'OWASP API Security Top 10',
  version: '2023',
  requirements: [
    requirement(
      'API1:2023',
      'Broken Object Level Authorization',
      'An endpoint accepts an identifier for an object (in the path, query, a header or the body) and ' +
        'acts on that object without confirming that this particular caller is entitled to it. Any ' +
        'user who may call the endpoint can then substitute another identifier and read, modify or ' +
        'delete records that belong to someone else. Hard-to-guess identifiers slow attackers down; ' +
        'only an ownership check on every object access removes the flaw.',
      'Whether the backend checks ownership of each object is business logic: specifications and ' +
        'gateway settings can only point at candidates, and traffic can only suggest enumeration. ' +
        'Confirmation needs dynamic testing or code review.',
    ),
    requirement(
      'API2:2023',
      'Broken Authentication',
      'The mechanisms that establish who the caller is (sign-in, token issuance and validation, ' +
        'credential recovery, service-to-service trust) are missing or weak. Typical causes are ' +
        'operations reachable without any credential, credentials carried in URLs, tokens whose ' +
        'signature or expiry is not verified, and login flows with no brute-force protection. ' +
        'Attackers use these gaps to impersonate users or take over accounts.',
    ),
    requirement(
      'API3:2023',
      'Broken Object Property Level Authorization',
      'Authorization is enforced for the object as a whole but not for its individual fields. The ' +
        'API either returns properties the caller should never see (excessive data exposure) or lets ' +
        'the caller set properties that only the server should control, such as roles, prices or ' +
        'status flags (mass assignment). Explicit allow-lists of readable and writable fields per ' +
        'role address both sides.',
    ),
    requirement(
      'API4:2023',
      'Unrestricted Resource Consumption',
      'Every call costs CPU, memory, bandwidth, storage and sometimes money paid to third parties ' +
        '(messages, e-mail, identity checks). When request rates, payload and page sizes, batch ' +
        'sizes, execution time or spending are not capped, a client can exhaust the service or run ' +
        'up its bills. Rate limits, quotas, size limits and timeouts belong on every exposed ' +
        'operation, with tighter ones on expensive flows.',
    ),
    requirement(
      'API5:2023',
      'Broken Function Level Authorization',
      'The API does not verify that the caller is allowed to use a given operation at all, as ' +
        'opposed to a given object. Administrative or privileged functions sit beside ordinary ones ' +
        'and are reachable by ordinary users, for example by guessing an admin path or by changing ' +
        'the HTTP method on a path the user may read. Deny-by-default, role-based checks per ' +
        'function are the remedy.',
      'Which functions are privileged and who should reach them is a business decision; path names ' +
        'and shared security schemes only suggest candidates for manual review.',
    ),
    requirement(
      'API6:2023',
      'Unrestricted Access to Sensitive Business Flows',
      'A flow that is harmless when a person uses it becomes damaging when scripted at scale: ' +
        'buying out limited stock, reserving every slot, farming referral rewards, flooding ' +
        'comments. No code defect is needed; the weakness is the absence of protection against ' +
        'automation that matches the business risk of the flow, such as device fingerprinting, ' +
        'human checks or per-account limits.',
      'Only the business owner can say which flows are sensitive and what volume is abusive; ' +
        'automated evidence can list likely flows and show automation-like traffic patterns.',
    ),
    requirement(
      'API7:2023',
      'Server Side Request Forgery',
      'The API retrieves a remote resource from a location the client supplies (webhook targets, ' +
        'import-from-URL, link previews, custom identity providers) without validating it. The ' +
        'server can then be steered to internal services, cloud metadata endpoints or arbitrary ' +
        'hosts, turning it into a scanner or proxy inside the network. Allow-lists of schemes, hosts ' +
        'and ports, refusing redirects and isolating the fetching component limit the damage.',
    ),
    requirement(
      'API8:2023',
      'Security Misconfiguration',
      'Some layer of the stack is set up insecurely: transport encryption missing or outdated, ' +
        'over-permissive cross-origin rules, absent security or caching headers, error responses ' +
        'that reveal internals, HTTP methods enabled without need, components left unpatched, or ' +
        'proxies and servers that interpret the same request differently. Hardened, repeatable ' +
        'configuration and regular review of every tier prevent it.',
    ),
    requirement(
      'API9:2023',
      'Improper Inventory Management',
      'The organisation does not know precisely which APIs, versions, hosts and environments are ' +
        'exposed. Undocumented, retired-but-running, deprecated or pre-production deployments tend to ' +
        'lack the protections of the current production API and become the easiest way in. Knowing ' +
        'which data each API sends to which third party is part of the same inventory duty.',
    ),
    requirement(
      'API10:2023',
      'Unsafe Consumption of APIs',
      'Data coming from third-party or upstream APIs is trusted more readily than user input. ' +
        'Integrations are called over unencrypted connections, follow redirects blindly, accept ' +
        'responses without validating them and run without timeouts or size limits. An attacker who ' +
        'controls or impersonates the integrated service can then attack the consuming API through ' +
        'it.',
    ),
  ],
};

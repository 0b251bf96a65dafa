/**
 * The shared detector dictionaries of docs/controls.md §1.11: one place for the names that
 * API1/2/3/7 and GDPR rules look for, so a spec rule and a traffic rule never disagree.
 */

/** Credential-like parameter names (extends Spectral's no-credentials-in-url). */
export const CREDENTIAL_NAME =
  /^(client_?secret|token|access_?token|refresh_?token|id_?token|password|passwd|secret|api[-_]?key|apikey|jwt|session(_?id)?|sig(nature)?|auth(_?token)?|x-api-key)$/i;

/** Personal-data property names (GDPR Art. 4(1)); matched against the normalized name. */
export const PERSONAL_DATA_NAMES = [
  'email', 'emailaddress', 'phone', 'phonenumber', 'mobile', 'firstname', 'lastname', 'fullname', 'surname', 'givenname', 'familyname',
  'address', 'streetaddress', 'addressline1', 'postcode', 'postalcode', 'zip', 'zipcode', 'dob', 'birthdate', 'dateofbirth', 'ssn',
  'nationalid', 'passport', 'passportnumber', 'taxid', 'iban', 'cardnumber', 'pan', 'ip', 'ipaddress', 'deviceid', 'location', 'lat',
  'latitude', 'lon', 'lng', 'longitude', 'gender',
] as const;

/** GDPR Art. 9 special categories and Art. 10 criminal data. */
export const SPECIAL_CATEGORY_NAMES = [
  'health', 'diagnosis', 'medical', 'medicalrecord', 'biometric', 'fingerprint', 'faceid', 'genetic', 'genome', 'religion', 'ethnicity',
  'race', 'sexualorientation', 'politicalopinion', 'tradeunion', 'criminalrecord', 'conviction',
] as const;

/** Secret-bearing property names that must never appear in responses. */
export const SECRET_PROPERTY_NAMES = [
  'password', 'passwordhash', 'passwd', 'secret', 'clientsecret', 'apikey', 'privatekey', 'token', 'accesstoken', 'refreshtoken', 'cvv',
  'cvc', 'pin', 'otp', 'mfasecret', 'totpsecret',
] as const;

/** Admin / internal function paths. */
export const ADMIN_PATH = /\/(admin|internal|manage(ment)?|ops|debug|actuator|system|root|superuser)(\/|$)|export_all|\/all$/i;

/** URL-input parameter/property names (SSRF candidates). */
export const URL_INPUT_NAME = /(^(callback|redirect|return_?to|next|webhook)|(_url|Url|-url|_uri|Uri|URL|URI)$|^(url|uri|image_?url|feed|endpoint|host)$)/;

/** Lower-cases and strips `_`, `-` and spaces, so `first_name`, `firstName`, `First-Name` compare equal. */
export function normalizeName(name: string): string {
  let n = normalized.get(name);
  if (n === undefined) {
    n = name.toLowerCase().replace(/[_\-\s.]/g, '');
    // Property names repeat across thousands of schemas and many rules ask: memoized, bounded.
    if (normalized.size >= 50_000) normalized.clear();
    normalized.set(name, n);
  }
  return n;
}
const normalized = new Map<string, string>();

const personal = new Set<string>(PERSONAL_DATA_NAMES);
const special = new Set<string>(SPECIAL_CATEGORY_NAMES);
const secrets = new Set<string>(SECRET_PROPERTY_NAMES);

export function isPersonalDataName(name: string): boolean {
  return personal.has(normalizeName(name));
}
export function isSpecialCategoryName(name: string): boolean {
  const n = normalizeName(name);
  return special.has(n) || [...special].some((s) => s.length > 5 && n.includes(s));
}
export function isSecretName(name: string): boolean {
  return secrets.has(normalizeName(name));
}

/**
 * Internal targets (docs/controls.md §1.11): loopback, RFC 1918, link-local (cloud metadata),
 * unique-local and link-local IPv6, and names that only resolve inside a network.
 */
export const INTERNAL_HOST =
  /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|10(\.\d{1,3}){3}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|192\.168(\.\d{1,3}){2}|169\.254(\.\d{1,3}){2}|\[?::1\]?|\[?f[cd][0-9a-f]{2}:.*|\[?fe80:.*|metadata\.google\.internal|.*\.(internal|local|lan|intranet|corp|svc|cluster\.local|consul))$/i;

/**
 * Hosts of hosted LLM providers (docs/controls.md §2) with where they process requests: `region`
 * is read from the host when it carries one (`bedrock-runtime.<region>.amazonaws.com`,
 * `<region>-aiplatform.googleapis.com`); `jurisdiction` is the provider's home when the host
 * names no region. Indicative only: hosts do not prove where data is processed (GDPR-44 limits).
 */
export const LLM_PROVIDER_HOSTS: readonly { pattern: RegExp; provider: string; jurisdiction?: string; regionGroup?: number }[] = [
  { pattern: /^api\.openai\.com$/i, provider: 'OpenAI', jurisdiction: 'United States' },
  { pattern: /^[a-z0-9-]+\.openai\.azure\.com$/i, provider: 'Azure OpenAI' },
  { pattern: /^[a-z0-9-]+\.(cognitiveservices|services\.ai)\.azure\.com$/i, provider: 'Azure AI' },
  { pattern: /^api\.anthropic\.com$/i, provider: 'Anthropic', jurisdiction: 'United States' },
  { pattern: /^generativelanguage\.googleapis\.com$/i, provider: 'Google Gemini API', jurisdiction: 'United States' },
  { pattern: /^([a-z0-9-]+)-aiplatform\.googleapis\.com$/i, provider: 'Google Vertex AI', regionGroup: 1 },
  { pattern: /^bedrock(?:-runtime|-agent-runtime)?(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/i, provider: 'Amazon Bedrock', regionGroup: 1 },
  { pattern: /^api\.mistral\.ai$/i, provider: 'Mistral AI', jurisdiction: 'France (EU)' },
  { pattern: /^api\.cohere\.(ai|com)$/i, provider: 'Cohere', jurisdiction: 'Canada' },
  { pattern: /^api\.groq\.com$/i, provider: 'Groq', jurisdiction: 'United States' },
  { pattern: /^api\.together\.(xyz|ai)$/i, provider: 'Together AI', jurisdiction: 'United States' },
  { pattern: /^api\.deepseek\.com$/i, provider: 'DeepSeek', jurisdiction: 'China' },
  { pattern: /^api\.perplexity\.ai$/i, provider: 'Perplexity', jurisdiction: 'United States' },
  { pattern: /^api-inference\.huggingface\.co$/i, provider: 'Hugging Face Inference API', jurisdiction: 'United States' },
  { pattern: /^api\.x\.ai$/i, provider: 'xAI', jurisdiction: 'United States' },
];

/** Cloud regions inside the EU/EEA (AWS `eu-*`, Google `europe-*` except London and Zurich, Azure EU regions). */
export const EU_REGION = /^(eu-(west-[13]|central-1|north-1|south-[12])|europe-(west[134689]|west1[02]|north[12]|central2|southwest1)|(westeurope|northeurope|francecentral|francesouth|germanywestcentral|germanynorth|swedencentral|swedensouth|italynorth|polandcentral|spaincentral|norwayeast|norwaywest))$/i;

/** Host labels that mark non-production deployments (API9): `beta.api.example.com`, `api-staging.example.com`. */
export const NON_PRODUCTION_HOST_LABEL = /^(beta|alpha|staging|stage|stg|dev|develop|development|test|testing|qa|uat|sandbox|preview|canary|demo|int|integration|preprod|pre-prod|old|legacy)\d*$/i;

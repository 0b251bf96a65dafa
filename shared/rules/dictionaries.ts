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
  return name.toLowerCase().replace(/[_\-\s.]/g, '');
}

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

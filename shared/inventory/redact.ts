/** Printing config values that may hold credentials (log sink URLs, upstream URLs, expressions). */

/**
 * A URL or config text safe to print: credentials in a URL's userinfo (`user:pass@`) and
 * credential-named query parameters (`?api_key=…`) are replaced by `***`. Messages never carry
 * a secret, even one the importer did not recognise.
 */
export function redact(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
    .replace(/([?&;][^=&#\s]*(?:key|token|secret|password|passwd|pwd|sig|signature|auth|credential)[^=&#\s]*=)[^&#\s]+/gi, '$1***')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
}

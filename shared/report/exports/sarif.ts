/**
 * SARIF 2.1.0 export, shaped for GitHub code scanning: one run, rule descriptors carrying
 * `security-severity` and the `security` tag, stable partial fingerprints, relative artifact URIs
 * and external suppressions for triaged findings.
 */
import type { Confidence, Finding, Location, Severity } from '../../model/finding.js';
import type { RuleMeta } from '../../model/rule.js';
import { sortFindings, type AuditResult } from './audit-result.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** Key of the Gatehouse fingerprint in `partialFingerprints`; bump the suffix if its recipe changes. */
export const SARIF_FINGERPRINT_KEY = 'gatehouse/v1';
/** Base id artifact URIs are relative to: the folder the evidence was imported from. */
export const SARIF_SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

/** GitHub reads `security-severity` as a CVSS-like score: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** SARIF `precision` from our confidence scale. */
const PRECISION: Readonly<Record<Confidence, string>> = {
  confirmed: 'very-high',
  likely: 'high',
  candidate: 'medium',
};

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

export interface SarifOptions {
  /** Where users can read about the tool; omitted from the output when not given. */
  informationUri?: string;
}

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; precision: string; 'security-severity': string; [key: string]: unknown };
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifLocation {
  physicalLocation: {
    artifactLocation: SarifArtifactLocation;
    region: { startLine: number; startColumn: number };
  };
  properties?: { jsonPointer: string };
}

interface SarifSuppression {
  kind: 'external';
  status: 'accepted';
  justification: string;
  properties?: Record<string, unknown>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  properties: { confidence: Confidence; controls: string[]; endpoints: string[]; occurrences: number; [key: string]: unknown };
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: [
    {
      tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifReportingDescriptor[] } };
      columnKind: 'utf16CodeUnits';
      artifacts?: { location: SarifArtifactLocation; hashes?: Record<string, string> }[];
      results: SarifResult[];
    },
  ];
}

/**
 * A file path as a relative URI reference: forward slashes, no `.` or empty segments, no drive
 * letter, each segment percent-encoded (so spaces, `#`, `?` and a `:` in a first segment cannot
 * be read as URI syntax).
 */
export function toRelativeUri(file: string): string {
  let path = file.replace(/\\/g, '/');
  path = path.replace(/^[A-Za-z]:(?=\/)/, '');
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** "API key sent in the query string" → "ApiKeySentInTheQueryString". */
function pascalName(title: string, fallback: string): string {
  const name = title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
  return name === '' ? fallback : name;
}

function ruleFromFinding(f: Finding): RuleMeta {
  return {
    id: f.ruleId,
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    source: f.source,
    controls: f.controls,
    equivalents: f.equivalents,
    rationale: '',
    remediation: f.remediation,
  };
}

function descriptor(rule: RuleMeta): SarifReportingDescriptor {
  const why = rule.rationale !== '' ? rule.rationale : rule.title;
  const controls = rule.controls.join(', ');
  const textLines = [why, '', `Remediation: ${rule.remediation}`];
  const mdLines = [`**${rule.title}**`, '', why, '', `**Remediation:** ${rule.remediation}`];
  if (controls !== '') {
    textLines.push('', `Controls: ${controls}`);
    mdLines.push('', `**Controls:** ${rule.controls.map((c) => `\`${c}\``).join(', ')}`);
  }
  if (rule.equivalents.length > 0) {
    textLines.push(`Equivalent rules: ${rule.equivalents.join(', ')}`);
    mdLines.push('', `**Equivalent rules:** ${rule.equivalents.map((e) => `\`${e}\``).join(', ')}`);
  }
  return {
    id: rule.id,
    name: pascalName(rule.title, rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: why },
    help: { text: textLines.join('\n'), markdown: mdLines.join('\n') },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: ['security', ...rule.controls.filter((c) => c !== 'security')],
      precision: PRECISION[rule.confidence],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function sarifLocation(loc: Location): SarifLocation {
  const out: SarifLocation = {
    physicalLocation: {
      artifactLocation: { uri: toRelativeUri(loc.file), uriBaseId: SARIF_SRCROOT },
      region: { startLine: Math.max(1, loc.line), startColumn: Math.max(1, loc.column) },
    },
  };
  if (loc.pointer !== '') out.properties = { jsonPointer: loc.pointer };
  return out;
}

function resultLocations(f: Finding): SarifLocation[] {
  if (f.locations.length > 0) return f.locations.map(sarifLocation);
  // No resolved position: point at the evidence file itself so the result still has a place.
  const file = f.evidence[0];
  return file === undefined ? [] : [sarifLocation({ file, line: 1, column: 1, pointer: '' })];
}

function sarifResult(f: Finding, ruleIndex: number): SarifResult {
  const out: SarifResult = {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: f.message !== '' ? f.message : f.title },
    locations: resultLocations(f),
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      confidence: f.confidence,
      controls: [...f.controls],
      endpoints: [...f.endpoints],
      occurrences: f.occurrences,
    },
  };
  if (f.status !== 'open') {
    const suppression: SarifSuppression = {
      kind: 'external',
      status: 'accepted',
      justification: f.statusReason !== undefined && f.statusReason !== '' ? f.statusReason : f.status,
      properties: f.expires !== undefined ? { status: f.status, expires: f.expires } : { status: f.status },
    };
    out.suppressions = [suppression];
  }
  return out;
}

/** The SARIF log as an object (useful for callers that post-process it). */
export function buildSarif(audit: AuditResult, options: SarifOptions = {}): SarifLog {
  const findings = sortFindings(audit.findings);

  // Rule descriptors: the declared rules, plus any rule a finding names that was not declared,
  // so every result's ruleIndex is valid. Sorted by id for a stable output.
  const rules = new Map<string, RuleMeta>();
  for (const rule of audit.rules) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  for (const f of findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, ruleFromFinding(f));
  const ordered = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(ordered.map((r, i) => [r.id, i] as const));

  const driver: SarifLog['runs'][0]['tool']['driver'] = {
    name: audit.tool.name,
    version: audit.tool.version,
    rules: ordered.map(descriptor),
  };
  if (options.informationUri !== undefined) driver.informationUri = options.informationUri;

  const run: SarifLog['runs'][0] = {
    tool: { driver },
    columnKind: 'utf16CodeUnits',
    results: findings.map((f) => sarifResult(f, index.get(f.ruleId)!)),
  };
  if (audit.evidence !== undefined && audit.evidence.length > 0) {
    run.artifacts = audit.evidence.map((e) => {
      const artifact: { location: SarifArtifactLocation; hashes?: Record<string, string> } = {
        location: { uri: toRelativeUri(e.name), uriBaseId: SARIF_SRCROOT },
      };
      if (e.sha256 !== undefined) artifact.hashes = { 'sha-256': e.sha256.toLowerCase() };
      return artifact;
    });
  }
  // Property order matters to humans reading the file: put `results` last.
  const { results, ...head } = run;
  return { $schema: SARIF_SCHEMA, version: SARIF_VERSION, runs: [{ ...head, results }] };
}

export function toSarif(audit: AuditResult, options: SarifOptions = {}): string {
  return JSON.stringify(buildSarif(audit, options), null, 2) + '\n';
}

/**
 * Expands what the user named on the command line (or dropped in the UI) into evidence roots,
 * deciding what each file is from its content: an API description (a top-level `openapi` or
 * `swagger` field), a gateway configuration (each gateway importer's sniff), traffic (an access
 * log, a JSON gateway log or a HAR, judged from its first lines; gzip files decompressed), or
 * neither. A file named directly must be recognised (an error log is named as such); in a named
 * folder, unrecognised files are left to be reached through `$ref`s and includes.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { gatewayImporters, type GatewayImporter } from '../../../shared/importers/gateways/index.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import { looksLikeJson, sniffOpenApi } from '../../../shared/importers/openapi/index.js';
import { sniffTraffic, type NotTraffic, type SniffOptions, type TrafficSniff } from '../../../shared/importers/traffic/sniff.js';
import { gunzipHead, textHead } from '../traffic/read-text-stream.js';
import type { EvidenceContainer } from './evidence-container.js';
import { EvidenceFolder } from './evidence-folder.js';
import { openZip } from './zip-folder.js';

export interface EvidenceRoot {
  container: EvidenceContainer;
  /** The root file, relative to the container (POSIX separators): the evidence name findings cite. */
  file: string;
  /** An API description to import as a spec. */
  spec: boolean;
  /** The gateway importer that claims the file, if any (a file can be both, e.g. an AWS export). */
  gateway?: GatewayImporter;
  /** Traffic evidence (an access log, a JSON gateway log, a HAR) and its format, when neither a spec nor a gateway config. */
  traffic?: TrafficSniff;
}

export interface FindOptions {
  /** What helps recognise traffic files: a user-given log_format, a field map. */
  traffic?: SniffOptions;
}

export interface InputProblem {
  input: string;
  message: string;
}

const STRUCTURED = /\.(json|ya?ml|conf|xml|cfg)$/i;
/** Traffic files looked at in a folder: logs (rotated and gzipped too), HAR, JSON lines. */
const TRAFFIC_NAME = /\.(log|har|jsonl|ndjson|gz)$|\.log\.\d+(\.gz)?$|(^|\/)access[^/]*$/i;

export const RECOGNISED_FORMATS = (): string =>
  [
    'OpenAPI 3.x / Swagger 2.0',
    ...gatewayImporters.map((g) => g.label),
    'access logs (Apache/NGINX, ALB, Envoy), JSON gateway logs (Kong, AWS API Gateway, Azure APIM, Envoy, CloudWatch), HAR',
  ].join(', ');

type Classified = Omit<EvidenceRoot, 'container' | 'file'> | NotTraffic | undefined;

/** The first 64 KB of a file as text, decompressed when it is gzip. */
function textHeadOf(container: EvidenceContainer, file: string): { text: string; complete: boolean } {
  if (container instanceof EvidenceFolder) return textHead(path.join(container.root, file));
  const bytes = container.readBytes(file);
  if (!bytes) return { text: '', complete: true };
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipHead(bytes.subarray(0, 65536), bytes.length <= 65536);
  return { text: bytes.subarray(0, 65536).toString('utf8'), complete: bytes.length <= 65536 };
}

function classify(container: EvidenceContainer, file: string, options: FindOptions = {}): Classified {
  if (/\.gz$/i.test(file)) {
    // Compressed: only traffic evidence comes gzipped.
    const text = textHeadOf(container, file);
    const traffic = sniffTraffic(file, text.text, text.complete, options.traffic ?? {});
    return traffic && traffic.kind === 'traffic' ? { spec: false, traffic } : traffic;
  }
  const head = container.head(file);
  let spec = sniffOpenApi(head);
  const gateway = gatewayImporters.find((g) => g.sniff(file, head));
  if (!spec && !gateway) {
    // Logs and HAR are recognised from their first lines; they can be far larger than any spec.
    const complete = Buffer.byteLength(head) < 65536;
    const traffic = sniffTraffic(file, head, complete, options.traffic ?? {});
    if (traffic) return traffic.kind === 'traffic' ? { spec: false, traffic } : traffic;
  }
  // A description may name its version anywhere (sorted keys): look at the whole file.
  if (!spec && head.length >= 65536 && (looksLikeJson(head) || /\.ya?ml$/i.test(file))) spec = sniffOpenApi(container.readText(file) ?? '');
  if (!spec && !gateway) return undefined;
  return gateway ? { spec, gateway } : { spec };
}

const isNotTraffic = (c: Classified): c is NotTraffic => c !== undefined && (c as NotTraffic).kind === 'not-traffic';

export function findInputs(inputs: readonly string[], options: FindOptions = {}): { roots: EvidenceRoot[]; problems: InputProblem[] } {
  const roots: EvidenceRoot[] = [];
  const problems: InputProblem[] = [];
  const folders = new Map<string, EvidenceFolder>();
  const folderFor = (dir: string): EvidenceFolder => {
    let f = folders.get(dir);
    if (!f) folders.set(dir, (f = new EvidenceFolder(dir)));
    return f;
  };
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      problems.push({ input, message: 'no such file or folder' });
      continue;
    }
    try {
      if (st.isFile() && /\.zip$/i.test(input)) {
        const zip = openZip(input);
        const found = zip.listFiles().flatMap((file) => {
          const kind = classify(zip, file, options);
          return kind && !isNotTraffic(kind) ? [{ container: zip, file, ...kind }] : [];
        });
        if (!found.length) problems.push({ input, message: `the archive holds no recognised evidence (looked for: ${RECOGNISED_FORMATS()})` });
        roots.push(...found);
      } else if (st.isFile()) {
        const container = folderFor(path.dirname(path.resolve(input)));
        const file = path.basename(input);
        const kind = classify(container, file, options);
        if (isNotTraffic(kind)) problems.push({ input, message: `${input}: ${kind.message}` });
        else if (kind) roots.push({ container, file, ...kind });
        else problems.push({ input, message: `not a recognised evidence file (tried: ${RECOGNISED_FORMATS()})` });
      } else if (st.isDirectory()) {
        const container = folderFor(path.resolve(input));
        const found = container
          .listFiles()
          .filter((f) => STRUCTURED.test(f) || TRAFFIC_NAME.test(f))
          .flatMap((file) => {
            const kind = classify(container, file, options);
            return kind && !isNotTraffic(kind) ? [{ container, file, ...kind }] : [];
          });
        if (!found.length) problems.push({ input, message: `the folder holds no recognised evidence (looked for: ${RECOGNISED_FORMATS()})` });
        roots.push(...found);
      } else problems.push({ input, message: 'not a file or folder' });
    } catch (e) {
      if (e instanceof ImportError) problems.push({ input, message: e.message });
      else throw e;
    }
  }
  return { roots, problems };
}

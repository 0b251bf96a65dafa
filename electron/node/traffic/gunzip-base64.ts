import { gunzipSync } from 'node:zlib';

/** Decodes a CloudWatch Logs subscription payload: base64 of gzip. */
export function gunzipBase64(b64: string): string {
  return gunzipSync(Buffer.from(b64, 'base64')).toString('utf8');
}

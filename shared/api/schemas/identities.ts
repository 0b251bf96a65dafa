/** Signing identities: self-signed certificates kept as PKCS#12 files in the user-data folder. */
import { z } from 'zod';
import { CertificateSubject } from './reports.js';

export const CreateIdentityInput = z
  .object({
    name: z.string().trim().min(1, 'the signer name is required').max(200),
    org: z.string().trim().max(200).default(''),
    email: z.string().trim().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address').max(320),
    keyType: z.enum(['rsa-3072', 'ec-p256']).default('rsa-3072'),
    /** Encrypts the PKCS#12 file; asked again for every signature. */
    passphrase: z.string().min(8, 'use at least 8 characters').max(1024),
    validDays: z.number().int().min(1).max(7300).default(1095),
  })
  .strict();

export const IdentitySummary = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  subject: CertificateSubject,
  notBefore: z.string(),
  notAfter: z.string(),
  createdAt: z.string(),
  keyType: z.enum(['rsa-3072', 'ec-p256']),
});
export type IdentitySummary = z.infer<typeof IdentitySummary>;

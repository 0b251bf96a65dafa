/** The app itself, native dialogs and links out. */
import { z } from 'zod';
import { CatalogId } from '../../model/control.js';
import { FilePath } from './common.js';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  catalogVersion: z.string(),
  catalogs: z.array(z.object({ id: CatalogId, title: z.string(), version: z.string(), requirements: z.number().int() })),
  rules: z.number().int(),
  platform: z.string(),
});

export const OpenExternalInput = z
  .object({
    url: z
      .string()
      .max(2000)
      .refine((u) => /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(u), 'must be an http(s) or mailto link'),
  })
  .strict();

/** What the native dialog is for: it decides the title, filters and file-or-folder. */
export const DialogPurpose = z.enum(['open-workspace', 'create-workspace', 'evidence-files', 'evidence-folder', 'save-report', 'open-pdf']);
export type DialogPurpose = z.infer<typeof DialogPurpose>;

export const PickInput = z
  .object({
    purpose: DialogPurpose,
    /** Suggested file name for save dialogs. */
    defaultName: z.string().max(255).optional(),
  })
  .strict();

/** Empty when the user cancelled. Every path returned is granted to the window that asked. */
export const PickResult = z.object({ paths: z.array(FilePath) });

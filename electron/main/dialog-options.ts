/**
 * What each native dialog looks like (no electron import: main hands these to
 * dialog.showOpenDialog / showSaveDialog). The purpose decides open or save, files or folders,
 * and the filters; the renderer never chooses paths itself.
 */
import type { DialogPurpose } from '../../shared/api/schemas/app.js';

export type DialogSpec =
  | {
      kind: 'open';
      title: string;
      properties: ('openFile' | 'openDirectory' | 'multiSelections' | 'dontAddToRecent')[];
      filters?: { name: string; extensions: string[] }[];
    }
  | { kind: 'save'; title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] };

const WORKSPACE = [{ name: 'Gatehouse workspace', extensions: ['gatehouse'] }];
const PDF = [{ name: 'PDF', extensions: ['pdf'] }];
const EVIDENCE = [
  { name: 'Evidence (specs, gateway configs, logs, HAR, archives)', extensions: ['json', 'yaml', 'yml', 'conf', 'xml', 'cfg', 'log', 'har', 'zip', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

/** Only a plain file name is taken as the suggestion (no folders from the renderer). */
function safeName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' || base === '.' || base === '..' ? fallback : base;
}

export function dialogSpec(purpose: DialogPurpose, defaultName?: string): DialogSpec {
  switch (purpose) {
    case 'open-workspace':
      return { kind: 'open', title: 'Open a workspace', properties: ['openFile'], filters: WORKSPACE };
    case 'create-workspace':
      return { kind: 'save', title: 'Create a workspace', defaultPath: safeName(defaultName, 'audit.gatehouse'), filters: WORKSPACE };
    case 'evidence-files':
      return { kind: 'open', title: 'Import evidence files', properties: ['openFile', 'multiSelections'], filters: EVIDENCE };
    case 'evidence-folder':
      return { kind: 'open', title: 'Import an evidence folder', properties: ['openDirectory'] };
    case 'save-report':
      return { kind: 'save', title: 'Save the report', defaultPath: safeName(defaultName, 'report.pdf'), filters: PDF };
    case 'open-pdf':
      return { kind: 'open', title: 'Verify a report', properties: ['openFile'], filters: PDF };
  }
}

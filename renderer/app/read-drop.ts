/**
 * What was dropped on the window, as relative paths and bytes: files, and folders walked
 * recursively (webkitGetAsEntry), since the renderer never sees paths on disk.
 */
import { fileToBase64 } from './base64.js';

export interface DroppedEntry {
  path: string;
  file: File;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedEntry[], limit: number): Promise<void> {
  if (out.length >= limit) return;
  if (entry.isFile) {
    out.push({ path: prefix + entry.name, file: await fileOf(entry as FileSystemFileEntry) });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out, limit);
    }
  }
}

export async function readDrop(data: DataTransfer, limit = 5000): Promise<DroppedEntry[]> {
  const out: DroppedEntry[] = [];
  const entries = [...data.items].map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  if (entries.some((e) => e !== null)) {
    for (const entry of entries) if (entry) await walk(entry, '', out, limit);
  } else {
    for (const file of [...data.files]) out.push({ path: file.name, file });
  }
  return out.slice(0, limit);
}

export async function toDroppedFiles(entries: readonly DroppedEntry[]): Promise<{ path: string; base64: string }[]> {
  const files: { path: string; base64: string }[] = [];
  for (const entry of entries) files.push({ path: entry.path, base64: await fileToBase64(entry.file) });
  return files;
}

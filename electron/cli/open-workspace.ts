/** Opens the workspace a command names, turning its errors into CLI messages. */
import { existsSync } from 'node:fs';
import { Workspace, WorkspaceError } from '../node/workspace/index.js';
import { CliError } from './cli-error.js';

export function openWorkspace(file: string | undefined, options: { create: boolean }): Workspace {
  if (!file) throw new CliError('--workspace FILE is required');
  if (!options.create && !existsSync(file)) throw new CliError(`workspace ${file} does not exist (create it with: gatehouse init ${file})`);
  try {
    return Workspace.open(file, { create: options.create });
  } catch (e) {
    if (e instanceof WorkspaceError) throw new CliError(e.message);
    throw e;
  }
}

export function withWorkspace<T>(file: string | undefined, options: { create: boolean }, fn: (ws: Workspace) => T): T {
  const ws = openWorkspace(file, options);
  try {
    return fn(ws);
  } catch (e) {
    if (e instanceof WorkspaceError) throw new CliError(e.message);
    throw e;
  } finally {
    ws.close();
  }
}

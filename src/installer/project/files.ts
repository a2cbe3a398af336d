import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What detection reads of a project, by paths relative to its root ('/'-separated). Detection is pure over this
 * port; tests give it a folder of fixture files, the CLI the real project.
 */
export interface ProjectFiles {
  /** the file's text, undefined when there is no such file */
  readText(rel: string): string | undefined;
  /** the names of the folder's sub-folders, undefined when there is no such folder */
  listDirs(rel: string): string[] | undefined;
  isFile(rel: string): boolean;
}

/** The project folder on disk. */
export function diskProjectFiles(root: string): ProjectFiles {
  const abs = (rel: string) => path.join(root, ...rel.split('/').filter(Boolean));
  return {
    readText(rel) {
      try {
        return readFileSync(abs(rel), 'utf8');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    listDirs(rel) {
      try {
        return readdirSync(abs(rel), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    isFile(rel) {
      try {
        return statSync(abs(rel)).isFile();
      } catch {
        return false;
      }
    },
  };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** Joins relative '/'-paths, '' being the project root. */
export function joinRel(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ProjectFiles } from './files';
import { normalizeRoot } from './normalize-root';
import { ProjectError } from './project-error';

/** The fields of project.config.json detection uses. */
export interface ProjectConfig {
  appid?: string;
  miniprogramRoot: string;
  srcMiniprogramRoot?: string;
  cloudfunctionRoot?: string;
  /** setting.useCompilerPlugins includes "typescript" */
  typescriptPlugin: boolean;
}

/** JSON as DevTools and the frameworks accept it: comments and trailing commas allowed. */
export function parseJsonc(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const line = text.slice(0, first.offset).split('\n').length;
    throw new ProjectError(`${file}: not valid JSON (${printParseErrorCode(first.error)} on line ${line}); fix the file and run again`);
  }
  return value;
}

function readJsonObject(files: ProjectFiles, rel: string): Record<string, unknown> | undefined {
  const text = files.readText(rel);
  if (text === undefined) return undefined;
  const value = parseJsonc(text, rel);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ProjectError(`${rel}: expected a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * project.config.json with project.private.config.json over it: "project.private.config.json 中的相同设置优先级高于
 * project.config.json" (DevTools' 项目配置文件). `setting` is merged key by key, other fields replaced.
 * No miniprogramRoot means the project folder itself; no cloudfunctionRoot means the project has no cloud functions.
 */
export function readProjectConfig(files: ProjectFiles, dirForMessages: string): ProjectConfig {
  const shared = readJsonObject(files, 'project.config.json');
  if (!shared) {
    throw new ProjectError(
      `${dirForMessages} is not a mini program project: it has no project.config.json. ` +
        'Run `npx wxacode-cloudbase add` in the folder WeChat DevTools opens (the one holding project.config.json), or pass that folder: `npx wxacode-cloudbase add <folder>`',
    );
  }
  const own = readJsonObject(files, 'project.private.config.json') ?? {};
  const setting = { ...asObject(shared.setting), ...asObject(own.setting) };
  const merged: Record<string, unknown> = { ...shared, ...own, setting };
  const text = (field: string): string | undefined => {
    const v = merged[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new ProjectError(`project.config.json: ${field} must be a string, got ${JSON.stringify(v)}`);
    return v;
  };
  const plugins = setting.useCompilerPlugins;
  const cloudfunctionRoot = text('cloudfunctionRoot');
  const srcMiniprogramRoot = text('srcMiniprogramRoot');
  return {
    appid: text('appid'),
    miniprogramRoot: normalizeRoot('miniprogramRoot', text('miniprogramRoot') ?? ''),
    srcMiniprogramRoot: srcMiniprogramRoot === undefined ? undefined : normalizeRoot('srcMiniprogramRoot', srcMiniprogramRoot),
    cloudfunctionRoot: cloudfunctionRoot === undefined || cloudfunctionRoot.trim() === '' ? undefined : normalizeRoot('cloudfunctionRoot', cloudfunctionRoot),
    // DevTools writes plugins as names ("typescript") or as objects ({ type: "typescript" })
    typescriptPlugin: Array.isArray(plugins) && plugins.some((p) => p === 'typescript' || (p && typeof p === 'object' && (p as { type?: unknown }).type === 'typescript')),
  };
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

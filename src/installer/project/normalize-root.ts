import path from 'node:path';
import { ProjectError } from './project-error';

/**
 * A root of project.config.json as a relative, '/'-separated path without './' or a trailing '/', '' for the
 * project root ("miniprogram/" → "miniprogram", "./" → ""). Roots must stay inside the project (DevTools' 项目配置文件:
 * "需为相对路径").
 */
export function normalizeRoot(field: string, value: string): string {
  const slashed = value.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    throw new ProjectError(`project.config.json: ${field} must be a path relative to the project folder, got ${JSON.stringify(value)}`);
  }
  const normal = path.posix.normalize(slashed === '' ? '.' : slashed).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) {
    throw new ProjectError(`project.config.json: ${field} ${JSON.stringify(value)} points outside the project folder`);
  }
  return normal === '.' ? '' : normal;
}

import { ErrCode } from '../errors';
import { camelToSnake, snakeToCamel } from '../params/fields';
import { reject } from './reject';

/**
 * Refuses keys the API does not take, rather than ignoring them: a misspelt option silently ignored
 * is a wrong code printed on ten thousand flyers. snake_case (WeChat's HTTPS spelling) gets a hint. A nested
 * object's keys are named with their parent (`nfc.model_id`).
 */
export function checkKnownKeys(record: Record<string, unknown>, allowed: readonly string[], where: string, parentField?: string): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    const camel = snakeToCamel(key);
    const close = allowed.find((a) => a === camel || a.toLowerCase() === key.toLowerCase() || camelToSnake(a) === key);
    const hint = close
      ? `Did you mean ${close}? Cloud functions take camelCase keys`
      : `${where} takes only: ${allowed.join(', ')}`;
    throw reject(ErrCode.INVALID_ARGS, parentField ? `${parentField}.${displayKey(key)}` : displayKey(key), 'is not a known parameter', record[key], hint);
  }
}

function displayKey(key: string): string {
  return key.length > 40 ? `${JSON.stringify(key.slice(0, 40))}…` : key;
}

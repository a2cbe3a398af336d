import { SceneErrCode, sceneError, describeValue, SceneCodecError } from './errors';

/** What a code can carry: one flat level of named strings, numbers and booleans. */
export type SceneValue = string | number | boolean;
export type SceneData = { [field: string]: SceneValue };

export const SCENE_DATA_LIMITS = {
  maxFields: 32,
  maxFieldNameLength: 64,
  maxStringLength: 1024,
  /** of the canonical JSON, the form the stored payload is kept in */
  maxTotalLength: 4096,
} as const;

/**
 * Letters, digits, `_` and `-`, starting with a letter or `_`: safe as a scene key without escaping and as a
 * database field name (no `.` path separator, no `$` operator prefix).
 */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FIELD_NAME_RULE = `must be 1 to ${SCENE_DATA_LIMITS.maxFieldNameLength} characters of letters, digits, _ and -, starting with a letter or _`;

export function isValidFieldName(name: string): boolean {
  return name.length <= SCENE_DATA_LIMITS.maxFieldNameLength && FIELD_NAME.test(name) && name !== '__proto__';
}

/**
 * Checks a caller's sceneData and returns a normalised copy: keys in sorted order (so equal data encodes to the
 * same scene) and -0 as 0 (JSON and the database cannot keep -0 apart, so a stored and an inline payload would
 * otherwise disagree). Throws a SceneCodecError naming the first offending field.
 */
export function validateSceneData(input: unknown, field = 'sceneData'): SceneData {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw sceneError(
      SceneErrCode.INVALID_ARGS,
      field,
      'must be an object of named strings, numbers and booleans',
      input,
      'Pass e.g. {"id": 42, "from": "poster"}',
    );
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) {
    throw sceneError(SceneErrCode.INVALID_ARGS, field, 'must be a plain object', input, 'Copy the values into a plain object literal');
  }
  const names = Object.keys(input).sort();
  if (names.length === 0) {
    throw sceneError(SceneErrCode.INVALID_ARGS, field, 'must have at least one field', input, 'Add a field such as {"id": 42}, or pass scene instead');
  }
  if (names.length > SCENE_DATA_LIMITS.maxFields) {
    throw new SceneCodecError(
      SceneErrCode.SCENE_DATA_TOO_LARGE,
      `${field}: must have at most ${SCENE_DATA_LIMITS.maxFields} fields; received ${names.length}. Keep only what the page needs and look the rest up by an id`,
    );
  }
  const out: SceneData = {};
  for (const name of names) {
    const path = `${field}.${name}`;
    if (!isValidFieldName(name)) {
      throw new SceneCodecError(
        SceneErrCode.INVALID_ARGS,
        `${field}: field name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)} ${FIELD_NAME_RULE}${name === '__proto__' ? ' and must not be __proto__' : ''}. Rename the field, e.g. to ${JSON.stringify(suggestName(name))}`,
      );
    }
    out[name] = checkValue((input as Record<string, unknown>)[name], path);
  }
  const total = JSON.stringify(out).length;
  if (total > SCENE_DATA_LIMITS.maxTotalLength) {
    throw new SceneCodecError(
      SceneErrCode.SCENE_DATA_TOO_LARGE,
      `${field}: must be at most ${SCENE_DATA_LIMITS.maxTotalLength} characters as JSON; received ${total}. Store the bulk in your own collection and pass its id`,
    );
  }
  return out;
}

function checkValue(value: unknown, path: string): SceneValue {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw sceneError(SceneErrCode.INVALID_ARGS, path, 'must be a finite number', value, 'Send a string instead if you need to carry NaN or Infinity');
    }
    return value === 0 ? 0 : value;
  }
  if (typeof value === 'string') {
    if (value.length > SCENE_DATA_LIMITS.maxStringLength) {
      throw sceneError(
        SceneErrCode.SCENE_DATA_TOO_LARGE,
        path,
        `must be at most ${SCENE_DATA_LIMITS.maxStringLength} characters`,
        value,
        'Store long text in your own collection and pass its id',
      );
    }
    if (LONE_SURROGATE.test(value)) {
      throw sceneError(SceneErrCode.INVALID_ARGS, path, 'must be well-formed Unicode (it has half of a surrogate pair)', value, 'Check how the text was cut or built');
    }
    return value;
  }
  const hint =
    value !== null && typeof value === 'object'
      ? `Nested objects and arrays are not carried: flatten them into separate fields, e.g. {"${lastSegment(path)}Id": …}`
      : 'Omit the field, or send a string, number or boolean';
  throw new SceneCodecError(
    SceneErrCode.INVALID_ARGS,
    `${path}: must be a string, a number or a boolean; received ${describeValue(value)}. ${hint}`,
  );
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function suggestName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, SCENE_DATA_LIMITS.maxFieldNameLength);
  const safe = /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`.slice(0, SCENE_DATA_LIMITS.maxFieldNameLength);
  return safe === '__proto__' ? 'proto' : safe;
}

import { SceneErrCode, sceneError, describeValue, SceneCodecError } from './errors';

/** What a code can carry: one flat level of named strings, numbers and booleans. */
export type SceneValue = string | number | boolean;
export type SceneData = { [field: string]: SceneValue };

export const SCENE_DATA_LIMITS = {
  maxFields: 32,
  /** characters (code points), so an emoji counts once */
  maxFieldNameLength: 64,
  maxStringLength: 1024,
  /** of the canonical JSON, the form the stored payload is kept in */
  maxTotalLength: 4096,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Any non-empty, well-formed string of up to 64 characters names a field: Chinese, spaces, punctuation, emoji.
 * Only `__proto__` is refused, since as a plain object key it would change the object's prototype instead of
 * naming a field. Names the inline form cannot carry move the data to the stored form (see isInlineFieldName).
 */
export function isValidFieldName(name: string): boolean {
  return fieldNameProblem(name) === null;
}

function fieldNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if ([...name].length > SCENE_DATA_LIMITS.maxFieldNameLength) return `must be at most ${SCENE_DATA_LIMITS.maxFieldNameLength} characters`;
  if (LONE_SURROGATE.test(name)) return 'must be well-formed Unicode (it has half of a surrogate pair)';
  if (name === '__proto__') return 'must not be __proto__, which JavaScript objects reserve';
  return null;
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
    const problem = fieldNameProblem(name);
    if (problem !== null) {
      throw new SceneCodecError(
        SceneErrCode.INVALID_ARGS,
        `${field}: field name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)} ${problem}. Rename the field`,
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
  const hint = Array.isArray(value)
    ? `Arrays are not carried: join the values into one string, e.g. {${JSON.stringify(lastSegment(path))}: ${JSON.stringify(value.slice(0, 3).map((v) => (typeof v === 'object' && v !== null ? '…' : String(v))).join(','))}}`
    : value !== null && typeof value === 'object'
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

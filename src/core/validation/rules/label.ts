import { ErrCode } from '../../errors';
import { reject } from '../reject';

export const LABEL_MAX_CHARS = 100;
/** Characters a file name cannot hold on Windows, macOS or Linux, and control characters: a label names `<label>.jpg`. */
const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f]/u;

/** A batch item's label: it names the image file, so it must be a usable file name on any system. */
export function checkLabel(value: unknown, field = 'label'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw reject(ErrCode.INVALID_ARGS, field, `must be a non-empty string of at most ${LABEL_MAX_CHARS} characters`, value, 'Give every item a label: it names the image file (<label>.jpg)');
  }
  const length = [...value].length;
  if (length > LABEL_MAX_CHARS) {
    throw reject(ErrCode.INVALID_ARGS, field, `must be at most ${LABEL_MAX_CHARS} characters (it has ${length})`, value, 'Shorten it: it names the image file');
  }
  const bad = [...value].find((c) => FORBIDDEN.test(c));
  if (bad !== undefined) {
    throw reject(
      ErrCode.INVALID_ARGS,
      field,
      `must not contain / \\ : * ? " < > | or control characters (found ${JSON.stringify(bad)})`,
      value,
      'It names the image file; replace that character, e.g. with "-"',
    );
  }
  if (value.includes('\ufffd')) {
    throw reject(
      ErrCode.INVALID_ARGS,
      field,
      'must not contain U+FFFD (�), the mark of characters garbled by a wrong encoding',
      value,
      'Retype the garbled characters; a CSV from Excel is best saved as 「CSV UTF-8(逗号分隔)」',
    );
  }
  if (value === '.' || value === '..' || value !== value.trim()) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must not be "." or "..", nor start or end with spaces', value, 'It names the image file');
  }
  return value;
}

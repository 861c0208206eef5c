/** Offset maths over the immutable plain text: UTF-16 code units, end exclusive. */

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  return isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/** Why a range is not a valid segment of `text`, or null when it is. */
export function rangeProblem(text: string, start: number, end: number): string | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return 'offsets must be whole numbers';
  if (start < 0) return `start ${start} is before the beginning of the text`;
  if (end > text.length)
    return `end ${end} is past the end of the text (${text.length} characters)`;
  if (end <= start) return `end ${end} must be after start ${start}`;
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
    return 'the range would split a character (a surrogate pair) in two';
  }
  if (text.slice(start, end).trim() === '') return 'the range holds only whitespace';
  return null;
}

/**
 * Times in transcripts: `0:03`, `0:03:12`, `01:02:03.500`, `0:0:3.12` (old Teams), with `.` or
 * `,` before the fraction. Two parts are minutes and seconds, three are hours, minutes, seconds.
 */
export const TIME = String.raw`\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?`;

/** Milliseconds of a time as above, or null when it is not one. */
export function parseTime(value: string): number | null {
  const m = /^(\d{1,2})(?::(\d{1,2}))(?::(\d{1,2}))?(?:[.,](\d{1,3}))?$/.exec(value.trim());
  if (!m) return null;
  const parts = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
  const [h, min, s] = parts.length === 3 ? parts : [0, parts[0]!, parts[1]!];
  if (min! > 59 || s! > 59) return null;
  // A fraction of "5" is half a second, "05" five hundredths: pad to milliseconds.
  const ms = m[4] ? Number(m[4].padEnd(3, '0')) : 0;
  return ((h! * 60 + min!) * 60 + s!) * 1000 + ms;
}

/** `h:mm:ss` (or `m:ss` under an hour) for people; never a fraction. */
export function formatTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

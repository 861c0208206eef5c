/**
 * The one CSV writer of Casus (RFC 4180). Every CSV that leaves the project goes through it, so
 * every one gets the same formula guard: spreadsheet programs run a cell that starts with = + - @
 * (or a tab or carriage return) as a formula, which turns an imported passage into a live link
 * or command.
 */

export type CsvValue = string | number | null | undefined;

/** Text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field: strings defused, then quoted when they hold a separator, quote or line break. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : defuseFormula(value);
  return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/**
 * A whole table, CRLF line ends. `bom` (default true) starts the file with a byte-order mark so
 * that Excel reads UTF-8 (Dutch diacritics) correctly; text printed to a terminal goes without.
 */
export function toCsv(
  rows: readonly (readonly CsvValue[])[],
  opts: { bom?: boolean } = {},
): string {
  const body = rows.map(csvLine).join('\r\n');
  return `${opts.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}

/**
 * SQLite's BINARY order of text (UTF-8 bytes, which is code point order), NULL first. UTF-16
 * code units are in code point order except that surrogates (D800-DFFF, the code points above
 * FFFF) sort below E000-FFFF: at the first difference both are moved into place.
 */
export function binaryOrder(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Reads a chosen file as base64 for the API (binary payloads travel as base64 in the JSON). */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(bin);
}

/** The case section of the sidebar under a drag or drop, if any ('' is "no case"). */
export function caseTarget(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element
    ? (target.closest('.case-group[data-case-id]') as HTMLElement | null)
    : null;
}

import { allText, childrenOf, findTag, parseXml } from './xml.js';

/** The dc:title of a docx (docProps/core.xml) or odt (meta.xml) metadata part, if set. */
export function readCoreTitle(bytes: Uint8Array): string | undefined {
  try {
    const title = findTag(parseXml(bytes, 'metadata'), 'dc:title');
    const text = title ? allText(childrenOf(title)).replace(/\s+/g, ' ').trim() : '';
    return text === '' ? undefined : text.normalize('NFC');
  } catch {
    // Metadata is optional: a broken part must not fail the import.
    return undefined;
  }
}

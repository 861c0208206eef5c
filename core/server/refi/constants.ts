import { POSITION_RULE_TEXT, WRITTEN_POSITION_RULE } from './positions.js';

/**
 * The sentence Casus writes into every exported project description. The marker lets Casus skip
 * detection when it reads its own files back, and tells other programs how to read positions.
 */
export const POSITION_MARKER = `Casus position rule: ${WRITTEN_POSITION_RULE}`;

export const POSITION_STATEMENT =
  `${POSITION_MARKER}. Selection positions (startPosition, endPosition) count ` +
  `${POSITION_RULE_TEXT[WRITTEN_POSITION_RULE]}, from 0, in the UTF-8 plain text files under ` +
  `sources/ (no byte-order mark, LF line endings, Unicode NFC).`;

export const CASUS_ORIGIN = 'Casus';

import type { Code } from '../../../../../core/shared/contract/schemas.js';

/** One coding stripe: a code of a segment, placed beside the text it covers, in a lane. */
export interface Stripe {
  key: string;
  segmentId: string;
  code: Code;
  top: number;
  height: number;
  lane: number;
  text: string;
  coderId: string | null;
  createdAt: string;
}

import { agreementContract } from './agreement.js';
import { auditContract } from './audit.js';
import { codingContract } from './coding.js';
import { confidentialityContract } from './confidentiality.js';
import { importContract } from './import.js';
import { matrixContract } from './matrix.js';
import { mediaContract } from './media.js';
import { mergeContract } from './merge.js';
import { projectContract } from './project.js';
import { refiContract } from './refi.js';
import { reportContract } from './report.js';
import { reviewContract } from './review.js';
import { searchContract } from './search.js';
import { snapshotsContract } from './snapshots.js';
import { synthesisContract } from './synthesis.js';
import { transcriptsContract } from './transcripts.js';

export * from './define.js';
export * from './schemas.js';

/** Every operation of Casus, once. Each feature declares its slice in its own file. */
export const contract = {
  ...projectContract,
  ...importContract,
  ...codingContract,
  ...searchContract,
  ...matrixContract,
  ...synthesisContract,
  ...refiContract,
  ...reportContract,
  ...agreementContract,
  ...mergeContract,
  ...auditContract,
  ...snapshotsContract,
  ...reviewContract,
  ...transcriptsContract,
  ...confidentialityContract,
  ...mediaContract,
};

export type Contract = typeof contract;
export type Method = keyof Contract;

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

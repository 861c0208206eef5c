import { CasusError } from '../../shared/errors.js';
import type { Caller } from '../files/access.js';

/**
 * Who may see respondents' real names (issue 17). Only the command line, asked on purpose
 * (`casus names --audience team`): its user typed the project's path at their own terminal.
 * The workbench never receives them. Its pages share one token, and one of them is the audience
 * screen of a group review, projected in a room of stakeholders: a name sent to "the renderer"
 * may end up on that wall. No workbench view needs a real name either: the register lists one
 * by the pseudonym that replaces it, and a real name is typed into the respondent's record.
 */
export function checkRealNameAccess(method: string, input: unknown, caller: Caller): void {
  if (caller.kind === 'cli') return;
  if (
    method === 'names.list' &&
    typeof input === 'object' &&
    input !== null &&
    'revealRealNames' in input &&
    input.revealRealNames === true
  )
    throw new CasusError(
      'forbidden',
      `${method}: respondents' real names are never sent to the workbench, so that no screen (a group review's audience view included) can show them; the register lists each by its pseudonym, and the team reads real names on the command line (casus names <project> --audience team)`,
    );
}

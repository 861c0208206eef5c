import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import { reasons } from './names.js';

/**
 * Takes the snapshot that precedes a destructive operation (merging or deleting codes, importing
 * a codebook into the project), in every host: call it before the action's transaction starts,
 * never inside it. When the snapshot cannot be written, the operation is not done either.
 */
export function snapshotBefore(ctx: ServiceContext, operation: string): void {
  try {
    ctx.session.takeSnapshot(reasons.before(operation));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CasusError(
      e instanceof CasusError ? e.code : 'io_error',
      `${operation} was not done, nothing changed: the snapshot before it could not be written (${why})`,
    );
  }
}

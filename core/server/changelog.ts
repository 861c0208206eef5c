import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open.js';

/** Records the changes of one user action; the whole group is what undo reverses. */
export interface ChangeLog {
  readonly groupId: string;
  readonly action: string;
  record(entity: string, entityId: string, before: unknown, after: unknown): void;
}

export function createChangeLog(db: Db, action: string, coderId: string | null): ChangeLog {
  const groupId = randomUUID();
  const at = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO change_log (group_id, at, coder_id, action, entity, entity_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    groupId,
    action,
    record(entity, entityId, before, after) {
      insert.run(
        groupId,
        at,
        coderId,
        action,
        entity,
        entityId,
        before === undefined || before === null ? null : JSON.stringify(before),
        after === undefined || after === null ? null : JSON.stringify(after),
      );
    },
  };
}

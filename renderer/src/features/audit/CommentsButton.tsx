import { useState } from 'react';
import type { CommentTarget } from '../../../../core/shared/contract/audit.js';
import { useI18n } from '../../i18n/index.js';
import { Dialog } from '../../lib/Dialog.js';
import { useCall } from '../../lib/useCall.js';
import { Threads } from './Threads.js';

/**
 * A button that says how many open threads a thing has and opens them, with a box to start one,
 * in a dialog: the comments on a source (beside its title) or on a case report section.
 */
export function CommentsButton({
  target,
  title,
  buttonLabel,
  counts,
}: {
  target: CommentTarget;
  /** The dialog's title: what the threads are about. */
  title: string;
  /** The accessible name of the button (what it opens), the count follows in its text. */
  buttonLabel: string;
  /** Its threads and open ones, when the caller read all threads at once (a report's sections). */
  counts?: { n: number; open: number } | undefined;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const own = useCall('comments.count', counts ? null : { target });
  const n = counts?.n ?? own.data?.threads ?? 0;
  const openCount = counts?.open ?? own.data?.open ?? 0;
  return (
    <>
      <button
        type="button"
        className="comments-button"
        aria-haspopup="dialog"
        aria-label={t('audit.comments.buttonName', {
          what: buttonLabel,
          n,
          open: openCount,
        })}
        onClick={() => setOpen(true)}
      >
        {t('audit.comments.button', { n, open: openCount })}
      </button>
      {open && (
        <Dialog title={title} onClose={() => setOpen(false)} className="comments-dialog">
          <Threads target={target} title={t('audit.comments.title')} />
        </Dialog>
      )}
    </>
  );
}

/** The comments on an open source, beside its title (a feature's source action). */
export function SourceComments({ sourceId }: { sourceId: string }) {
  const { t } = useI18n();
  const source = useCall('sources.get', { id: sourceId });
  const name = source.data?.title ?? '';
  return (
    <CommentsButton
      target={{ type: 'source', id: sourceId }}
      title={t('audit.comments.onSource', { title: name })}
      buttonLabel={t('audit.comments.sourceButton')}
    />
  );
}

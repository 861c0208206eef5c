import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { caseTarget } from './files.js';
import { ImportDialog } from './ImportDialog.js';
import { NewVersionDialog } from './NewVersionDialog.js';
import { SourceMetaDialog } from './SourceMetaDialog.js';

/**
 * The Import button, and drag-and-drop of files onto a case in the sidebar (which opens the
 * import dialog with that case chosen). The sidebar marks its case sections with data-case-id;
 * listening on the document keeps this feature's code here.
 */
export function ImportToolbar() {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<{ files: File[]; caseId: string } | null>(null);

  useEffect(() => {
    let marked: HTMLElement | null = null;
    const mark = (el: HTMLElement | null) => {
      if (marked === el) return;
      marked?.removeAttribute('data-import-drop');
      el?.setAttribute('data-import-drop', 'over');
      marked = el;
    };
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onOver = (e: DragEvent) => {
      const el = hasFiles(e) ? caseTarget(e.target) : null;
      mark(el);
      if (el) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      }
    };
    const onDrop = (e: DragEvent) => {
      const el = caseTarget(e.target);
      mark(null);
      if (!el || !e.dataTransfer || e.dataTransfer.files.length === 0) return;
      e.preventDefault();
      setDialog({ files: [...e.dataTransfer.files], caseId: el.dataset.caseId ?? '' });
    };
    const onLeave = (e: DragEvent) => {
      if (!e.relatedTarget) mark(null);
    };
    document.addEventListener('dragover', onOver);
    document.addEventListener('drop', onDrop);
    document.addEventListener('dragleave', onLeave);
    return () => {
      document.removeEventListener('dragover', onOver);
      document.removeEventListener('drop', onDrop);
      document.removeEventListener('dragleave', onLeave);
      mark(null);
    };
  }, []);

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => setDialog({ files: [], caseId: '' })}
      >
        {t('import.button')}
      </button>
      {dialog && (
        <ImportDialog
          initialFiles={dialog.files}
          initialCaseId={dialog.caseId}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** The metadata editor and "New version…" of the open source, in its header. */
export function SourceImportActions({ sourceId }: { sourceId: string }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [versioning, setVersioning] = useState(false);
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setEditing(true)}>
        {t('import.edit')}
      </button>
      <button type="button" aria-haspopup="dialog" onClick={() => setVersioning(true)}>
        {t('import.newVersion.button')}
      </button>
      {editing && <SourceMetaDialog sourceId={sourceId} onClose={() => setEditing(false)} />}
      {versioning && <NewVersionDialog sourceId={sourceId} onClose={() => setVersioning(false)} />}
    </>
  );
}

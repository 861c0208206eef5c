import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { RefiDialog } from './RefiDialog.js';

/** The top-bar entry for REFI-QDA export and import. */
export function RefiToolbar() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('refi.button')}
      </button>
      {open && <RefiDialog onClose={() => setOpen(false)} />}
    </>
  );
}

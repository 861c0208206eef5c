import type { CodedSegment } from '../../core/shared/contract/coding.js';
import { expect, test } from './fixtures.js';
import { api } from './pages/api.js';
import { Workbench } from './pages/workbench.js';

type Segment = Pick<CodedSegment, 'id' | 'start' | 'end' | 'text' | 'codings'>;

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The changed version of a source: one sentence outside every segment reworded, one coded
 * passage (overlapping no other segment, its text occurring once) removed.
 */
function changedVersion(text: string, segments: Segment[]) {
  const lost = segments.find(
    (s) =>
      text.indexOf(s.text) === text.lastIndexOf(s.text) &&
      segments.every((o) => o === s || !overlaps(o, s)),
  );
  if (!lost) throw new Error('no coded passage to remove');
  const free = [...text.matchAll(/[A-Z][^.\n]{20,}\./g)].find((m) => {
    const range = { start: m.index, end: m.index + m[0].length };
    return !overlaps(range, lost) && segments.every((s) => !overlaps(s, range));
  });
  if (!free) throw new Error('no uncoded sentence to change');
  const edits = [
    { start: free.index, end: free.index + free[0].length, put: 'Deze zin is herschreven.' },
    { start: lost.start, end: lost.end, put: '' },
  ].sort((a, b) => b.start - a.start);
  let changed = text;
  for (const e of edits) changed = changed.slice(0, e.start) + e.put + changed.slice(e.end);
  return { changed, lost };
}

test('a changed version of a coded source: preview, import anyway, land on it, old one marked', async ({
  workbench: page,
  casus,
}) => {
  const sources = await api(page, casus, 'sources.list', {});
  const old = sources.find((s) => s.segmentCount >= 3);
  if (!old) throw new Error('no coded demo source');
  const { text } = await api(page, casus, 'sources.get', { id: old.id });
  const segments: Segment[] = await api(page, casus, 'segments.forSource', { sourceId: old.id });
  const { changed, lost } = changedVersion(text, segments);

  const wb = new Workbench(page);
  const sidebar = wb.sidebar;
  const viewer = await wb.openSource(old.title);
  await expect(viewer.paragraphs.first()).toBeVisible();
  const codingsBefore = segments.reduce((n, s) => n + s.codings.length, 0);
  await expect(viewer.stripes).toHaveCount(codingsBefore);

  await page.getByRole('button', { name: /^(Nieuwe versie…|New version…)$/ }).click();
  const dialog = page.getByRole('dialog', { name: /Nieuwe versie van|New version of/ });
  await expect(dialog).toContainText(old.title);
  const chooser = dialog.getByLabel(/Gewijzigd bestand|Changed file/);

  // A damaged file: a clear message naming it, nothing else.
  await chooser.setInputFiles({
    name: 'kapot.docx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('dit is geen docx'),
  });
  await expect(dialog.getByRole('alert')).toHaveText(
    /^kapot\.docx: (het bestand is beschadigd|the file is damaged)/,
  );

  await chooser.setInputFiles({
    name: 'verslag-v2.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(changed),
  });
  const preview = dialog.getByTestId('new-version-preview');
  await expect(preview).toContainText(
    new RegExp(
      `${segments.length - 1} (van|of) ${segments.length} (gecodeerde segmenten opnieuw verankerd|coded segments re-anchored)`,
    ),
  );
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  const lostList = preview.getByRole('list');
  await expect(lostList.getByRole('listitem')).toHaveCount(1);
  await expect(lostList.getByRole('listitem')).toContainText(lost.text);
  const codes = await api(page, casus, 'codes.tree', {});
  for (const c of lost.codings) {
    const code = codes.find((x) => x.id === c.codeId)!;
    await expect(lostList).toContainText(
      new RegExp(`${escape(code.label.nl)}|${escape(code.label.en)}`),
    );
  }
  // No plain Import while a segment would be left behind: only the explicit choice.
  await expect(
    dialog.getByRole('button', { name: /^(Importeren als nieuwe versie|Import as new version)$/ }),
  ).toHaveCount(0);
  await dialog
    .getByRole('button', {
      name: /Toch importeren; dat ene segment blijft op de vorige versie|Import anyway; keep that one segment on the previous version/,
    })
    .click();

  // The new version is open, its re-anchored codings shown; the dialog is gone.
  await expect(dialog).toBeHidden();
  const note = page.getByTestId('version-note');
  await expect(note).toContainText(
    /Nieuwe versie van .*vervangt een eerdere versie|New version of .*replaces an earlier version/,
  );
  await expect(page.getByRole('heading', { level: 1, name: old.title })).toBeVisible();
  await expect(page.getByText('Deze zin is herschreven.')).toBeVisible();
  await expect(viewer.stripes).toHaveCount(codingsBefore - lost.codings.length);
  const current = wb.currentSource;
  await expect(current).not.toContainText(/eerdere versie|earlier version/);
  await expect(current).toContainText(String(segments.length - 1));

  // The old one stays, marked as an earlier version, holding the segment left behind.
  const earlier = sidebar.getByRole('button', {
    name: new RegExp(`^${escape(old.title)} (eerdere versie|earlier version)`),
  });
  await expect(earlier).toHaveCount(1);
  await expect(earlier).toHaveClass(/earlier-version/);
  // Versions stay together in the sidebar, the newest first.
  await expect(
    sidebar.locator(
      '[role="listitem"]:has(> button[aria-current="page"]) + [role="listitem"] button',
    ),
  ).toHaveClass(/earlier-version/);
  await note
    .getByRole('button', { name: /Vorige versie openen|Open the previous version/ })
    .click();
  await expect(earlier).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('version-note')).toContainText(/Eerdere versie|Earlier version/);
  await expect(viewer.stripes).toHaveCount(lost.codings.length);
  await page
    .getByTestId('version-note')
    .getByRole('button', { name: /Nieuwere versie openen|Open the newer version/ })
    .click();
  await expect(page.getByText('Deze zin is herschreven.')).toBeVisible();

  // The same file again: nothing to import, and no button that would.
  await page.getByRole('button', { name: /^(Nieuwe versie…|New version…)$/ }).click();
  await dialog.getByLabel(/Gewijzigd bestand|Changed file/).setInputFiles({
    name: 'verslag-v2.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(changed),
  });
  await expect(dialog.getByTestId('new-version-preview')).toHaveText(
    /verslag-v2\.txt (is hetzelfde bestand als deze bron|is the same file as this source)/,
  );
  await expect(dialog.getByRole('button', { name: /importeren|import/i })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

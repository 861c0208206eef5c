import { expect, test } from './fixtures.js';
import { expectAccessible } from './pages/axe.js';
import { api } from './pages/api.js';
import { SearchView } from './pages/searchView.js';
import { Workbench } from './pages/workbench.js';

/**
 * A word in more than 10,000 paragraphs: the hits come in source order (ranking that many takes
 * seconds in a large programme), the view says so, and ranking can still be asked for.
 */
test('a very common word lists its hits in source order, says so, and ranks them when asked', async ({
  workbench: page,
  casus,
}) => {
  const wb = new Workbench(page);
  await wb.expectCoderChosen();
  // 10,001 paragraphs; every seventh names the word three times, so it ranks first.
  const paragraphs = Array.from(
    { length: 10_001 },
    (_, i) =>
      `Alinea ${i} over de subsidie${i % 7 === 3 ? ', nog een subsidie en weer subsidie' : ''}.`,
  );
  const r = await api(page, casus, 'import.file', {
    file: {
      fileName: 'subsidies.txt',
      dataBase64: Buffer.from(paragraphs.join('\n\n')).toString('base64'),
    },
    caseId: null,
    title: 'Subsidieregister',
  });
  expect(r.status).toBe('imported');

  const search = new SearchView(page);
  await search.open();
  await search.run('subsidie');
  await expect(search.count).toContainText(/10\.001 treffers \(de eerste 200 getoond\)/);
  const order = page.getByText(/Meer dan 10\.000 treffers: ze staan in de volgorde van de bronnen/);
  await expect(order).toBeVisible();
  // Paragraph after paragraph, from the start of the source.
  await expect(search.hits.first()).toContainText('Alinea 0 over de subsidie');
  await expect(search.hits.nth(1)).toContainText('Alinea 1 over de subsidie');
  await expectAccessible(page);

  // By keyboard: ranked, the paragraphs with three mentions come first.
  const rank = page.getByRole('button', { name: 'Toch op relevantie rangschikken' });
  await rank.focus();
  await page.keyboard.press('Enter');
  await expect(search.count).toContainText(/10\.001 treffers \(de beste 200 getoond\)/);
  await expect(order).toBeHidden();
  await expect(search.hits.first()).toContainText(', nog een subsidie en weer subsidie');
  // A new search starts in the automatic order again.
  await search.run('subsidie');
  await expect(order).toBeVisible();
});

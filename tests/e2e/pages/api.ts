import type { Page } from '@playwright/test';
import type { Contract, InputOf, Method, OutputOf } from '../../../core/shared/contract/index.js';
import type { CasusServer } from '../fixtures.js';

/** A call to the server's API, as the workbench makes it (for a test's own facts). */
export async function api<K extends Method>(
  page: Page,
  casus: CasusServer,
  method: K,
  input: InputOf<Contract, K>,
): Promise<OutputOf<Contract, K>> {
  const res = await page.request.post(`${casus.url}/api/${method}`, {
    data: input,
    headers: { 'X-Casus-Token': casus.token },
  });
  const body = (await res.json()) as { ok: boolean; value: OutputOf<Contract, K> };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body.value;
}

/** The code of the demo study with this Dutch label; a test that names a missing code fails. */
export async function codeNamed(
  page: Page,
  casus: CasusServer,
  nl: string,
): Promise<OutputOf<Contract, 'codes.tree'>[number]> {
  const code = (await api(page, casus, 'codes.tree', {})).find((c) => c.label.nl === nl);
  if (!code) throw new Error(`no code labelled ${nl}`);
  return code;
}

/** The segments of one principle in one case, as the principles × cases grid counts them. */
export async function principleInCase(
  page: Page,
  casus: CasusServer,
  principleId: string,
  caseId: string,
): Promise<number> {
  const grid = await api(page, casus, 'matrix.compute', {
    rows: { dim: 'principle' },
    cols: { dim: 'case' },
    filter: {},
    measure: 'segments',
    percent: 'none',
    includeSegments: false,
  });
  return grid.cells.find((c) => c.row === principleId && c.col === caseId)?.value ?? 0;
}

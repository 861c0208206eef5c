import type { agreementContract } from '../../shared/contract/agreement.js';
import { computeAgreement } from '../agreement/compute.js';
import { listDisagreements, reconcile, toDecision } from '../agreement/disagreements.js';
import { agreementCsv, agreementXlsx } from '../agreement/export.js';
import type { HandlersFor } from '../handlers.js';

const stamp = () => new Date().toISOString().slice(0, 10);

export const agreementHandlers: HandlersFor<typeof agreementContract> = {
  'agreement.compute': (input, ctx) => computeAgreement(ctx.read(), input),
  'agreement.disagreements': (input, ctx) => listDisagreements(ctx.read(), input),
  'agreement.reconcile': (input, ctx) => {
    const row = ctx.action('agreement.reconcile', (w) => reconcile(w, input, ctx.coderId()));
    return toDecision(ctx.read(), row);
  },
  'agreement.export': async ({ format, lang, ...input }, ctx) => {
    const result = computeAgreement(ctx.read(), input);
    const base = `${lang === 'nl' ? 'overeenstemming' : 'agreement'}-${input.unit}-${stamp()}`;
    if (format === 'methods')
      return {
        fileName: `${base}.txt`,
        mime: 'text/plain; charset=utf-8',
        base64: Buffer.from(`${result.methods[lang]}\n`, 'utf8').toString('base64'),
      };
    if (format === 'csv')
      return {
        fileName: `${base}.csv`,
        mime: 'text/csv; charset=utf-8',
        base64: Buffer.from(agreementCsv(result, lang), 'utf8').toString('base64'),
      };
    return {
      fileName: `${base}.xlsx`,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: (await agreementXlsx(result, lang)).toString('base64'),
    };
  },
};

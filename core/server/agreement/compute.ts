import type { Reader } from '../../../db/access.js';
import {
  blockRanges,
  codingPlaces,
  type CodingPlace,
  type CodingSpan,
} from '../../../db/queries/agreement.js';
import { listReconciliations } from '../../../db/repo/reconciliations.js';
import type { ReconciliationRow } from '../../../db/tables.js';
import { REASONS } from '../../shared/agreement/measures.js';
import {
  addTally,
  codeFigures,
  emptyTally,
  pooledFigures,
  tallyUnits,
  type AgreementUnit,
  type CodingFact,
  type Figures,
  type Tallies,
  type Tally,
  type UnitSource,
} from '../../shared/agreement/units.js';
import type {
  AgreementCell,
  AgreementFigures,
  AgreementResult,
} from '../../shared/contract/agreement.js';
import { methodsParagraph } from './methods.js';
import { resolveSelection, type Selection, type SelectionInput } from './selection.js';

export interface ComputeInput extends SelectionInput {
  unit: AgreementUnit;
  overlap: number;
}

/** A coding a reconciliation took away, as it kept it. */
export type RemovedCoding = CodingPlace;

export const parseRemoved = (row: ReconciliationRow): RemovedCoding[] =>
  JSON.parse(row.removed) as RemovedCoding[];
export const parseAdded = (row: ReconciliationRow): string[] => JSON.parse(row.added) as string[];

/** The reconciliations between two of the chosen coders, oldest first. */
export function reconciliationsAmong(r: Reader, coderIds: readonly string[]): ReconciliationRow[] {
  const ids = new Set(coderIds);
  return listReconciliations(r).filter((x) => ids.has(x.coder_a) && ids.has(x.coder_b));
}

/**
 * The codings as they were before these reconciliations: newest decision first, what it made is
 * taken away and what it removed is put back.
 */
export function beforeReconciliation(
  places: readonly CodingPlace[],
  decisions: readonly ReconciliationRow[],
): CodingPlace[] {
  const byId = new Map(places.map((p) => [p.codingId, p]));
  for (const d of [...decisions].reverse()) {
    for (const id of parseAdded(d)) byId.delete(id);
    for (const p of parseRemoved(d)) byId.set(p.codingId, p);
  }
  return [...byId.values()];
}

/** The chosen codes' facts: each coding counts for its code and the chosen codes above it. */
function factsOf(sel: Selection, places: readonly CodingSpan[]): CodingFact[] {
  const inSample = new Set(sel.sources.map((s) => s.id));
  const coders = new Set(sel.coders.map((c) => c.id));
  const out: CodingFact[] = [];
  for (const p of places) {
    if (!inSample.has(p.sourceId) || !coders.has(p.coderId)) continue;
    for (const codeId of sel.countsFor.get(p.codeId) ?? [])
      out.push({ coderId: p.coderId, codeId, sourceId: p.sourceId, start: p.start, end: p.end });
  }
  return out;
}

const toFigures = (f: Figures): AgreementFigures => ({
  percent: f.percent,
  kappa: f.kappa,
  reason: f.kappaReason ? REASONS[f.kappaReason] : null,
  reasonCode: f.kappaReason,
  alpha: f.alpha,
  alphaReason: f.alphaReason ? REASONS[f.alphaReason] : null,
  alphaReasonCode: f.alphaReason,
  units: f.units,
  table: f.table,
});

const toCell = (codeId: string, f: Figures): AgreementCell => ({
  codeId,
  percent: f.percent,
  kappa: f.kappa,
  reasonCode: f.kappaReason,
  alpha: f.alpha,
  units: f.units,
});

/** Figures per code and pooled, from per-code tallies in the chosen code order. */
function figureSet(sel: Selection, byCode: Map<string, Tally>) {
  const n = sel.coders.length;
  const two = n === 2;
  const tallies = sel.codes.map((c) => byCode.get(c.id) ?? emptyTally(two));
  return {
    codes: sel.codes.map((c, i) => ({
      codeId: c.id,
      code: c.key ?? c.id,
      label: { nl: c.label_nl, en: c.label_en },
      color: c.color,
      ...toFigures(codeFigures(tallies[i] as Tally, n)),
    })),
    pooled: toFigures(pooledFigures(tallies, n)),
  };
}

export function computeAgreement(r: Reader, input: ComputeInput): AgreementResult {
  const sel = resolveSelection(r, input);
  const n = sel.coders.length;
  const two = n === 2;
  const sampleIds = sel.sources.map((s) => s.id);
  const blocks =
    input.unit === 'block' ? blockRanges(r, sampleIds) : new Map<string, [number, number][]>();
  const decisions = reconciliationsAmong(
    r,
    sel.coders.map((c) => c.id),
  );
  // With reconciliations, the codings are read with their ids, to take the decisions back.
  const places =
    decisions.length > 0
      ? codingPlaces(
          r,
          sel.coders.map((c) => c.id),
          [...sel.countsFor.keys()],
        )
      : null;
  const unitSources = (presence: Map<string, Set<string>>): UnitSource[] =>
    sel.sources.map((s) => ({
      id: s.id,
      length: s.text_length,
      blocks: blocks.get(s.id) ?? [],
      coders: presence.get(s.id) ?? new Set<string>(),
    }));
  const spec = {
    unit: input.unit,
    overlap: input.overlap,
    coders: sel.coders.map((c) => c.id),
    codes: sel.codes.map((c) => c.id),
  };
  const sumByCode = (tallies: Tallies, sourceIds?: ReadonlySet<string>) => {
    const byCode = new Map<string, Tally>();
    for (const c of sel.codes) byCode.set(c.id, emptyTally(two));
    for (const [sourceId, codes] of tallies) {
      if (sourceIds && !sourceIds.has(sourceId)) continue;
      for (const [codeId, t] of codes) addTally(byCode.get(codeId) as Tally, t);
    }
    return byCode;
  };

  const tallies = tallyUnits(spec, unitSources(sel.presence), factsOf(sel, places ?? sel.spans));
  const current = figureSet(sel, sumByCode(tallies));

  const caseOrder = new Map(sel.cases.map((c, i) => [c.id, i]));
  const sources = [...sel.sources].sort(
    (a, b) =>
      (caseOrder.get(a.case_id ?? '') ?? 1e9) - (caseOrder.get(b.case_id ?? '') ?? 1e9) ||
      a.sort - b.sort ||
      a.title.localeCompare(b.title),
  );
  const perSource = sources.map((s) => {
    const codes = tallies.get(s.id) ?? new Map<string, Tally>();
    const list = sel.codes.map((c) => codes.get(c.id) ?? emptyTally(two));
    return {
      id: s.id,
      title: s.title,
      caseId: s.case_id,
      characters: s.text_length,
      coderIds: sel.coders.map((c) => c.id).filter((c) => sel.presence.get(s.id)?.has(c)),
      pooled: toFigures(pooledFigures(list, n)),
      codes: sel.codes.map((c, i) => toCell(c.id, codeFigures(list[i] as Tally, n))),
    };
  });
  const caseIds = [...new Set(sources.map((s) => s.case_id))];
  const perCase = caseIds.map((caseId) => {
    const ids = new Set(sources.filter((s) => s.case_id === caseId).map((s) => s.id));
    const byCode = sumByCode(tallies, ids);
    const list = sel.codes.map((c) => byCode.get(c.id) as Tally);
    const row = sel.cases.find((c) => c.id === caseId);
    return {
      id: caseId,
      label: row ? { nl: row.label_nl, en: row.label_en } : { nl: 'Zonder casus', en: 'No case' },
      sources: ids.size,
      pooled: toFigures(pooledFigures(list, n)),
      codes: sel.codes.map((c, i) => toCell(c.id, codeFigures(list[i] as Tally, n))),
    };
  });

  let before: AgreementResult['before'] = null;
  if (places) {
    const earlier = beforeReconciliation(places, decisions);
    // A coder whose only codings in a source were reconciled away had coded it before.
    const presence = new Map([...sel.presence].map(([k, v]) => [k, new Set(v)]));
    for (const p of earlier) {
      const set = presence.get(p.sourceId) ?? new Set<string>();
      set.add(p.coderId);
      presence.set(p.sourceId, set);
    }
    before = figureSet(
      sel,
      sumByCode(tallyUnits(spec, unitSources(presence), factsOf(sel, earlier))),
    );
  }

  const result: Omit<AgreementResult, 'methods'> = {
    unit: input.unit,
    overlap: input.overlap,
    coders: sel.coders.map((c) => ({
      id: c.id,
      name: c.name,
      initials: c.initials,
      color: c.color,
    })),
    codes: current.codes,
    pooled: current.pooled,
    sources: perSource,
    cases: perCase,
    reconciliations: decisions.filter((d) => d.decision !== 'comment').length,
    before,
  };
  return { ...result, methods: methodsParagraph(result, sel) };
}

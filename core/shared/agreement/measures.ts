/**
 * Agreement measures, each exactly as its literature defines it. Pure functions over counts, so
 * they can be checked against the published worked examples (tests/unit/agreement).
 *
 * - Percent agreement: the share of units on which the coders gave the same value.
 * - Cohen's κ (Cohen 1960): (pₒ − pₑ) / (1 − pₑ) for two coders, pₑ from each coder's own
 *   marginals. Undefined (0/0) when both coders never, or both always, apply the code.
 * - Pooled κ over several codes (De Vries et al. 2008): (p̄ₒ − p̄ₑ) / (1 − p̄ₑ) with the means of
 *   pₒ and pₑ over the codes.
 * - Krippendorff's α, nominal (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 *   1 − Dₒ/Dₑ from the coincidence matrix of all pairable values; units with fewer than two
 *   values (missing data) contribute nothing. Undefined when the values do not vary.
 */

/** Two coders' values on binary units: both applied the code, only A, only B, neither. */
export interface PairTable {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

export const emptyPair = (): PairTable => ({ both: 0, onlyA: 0, onlyB: 0, neither: 0 });

export const pairTotal = (t: PairTable): number => t.both + t.onlyA + t.onlyB + t.neither;

export function addPair(into: PairTable, t: PairTable): PairTable {
  into.both += t.both;
  into.onlyA += t.onlyA;
  into.onlyB += t.onlyB;
  into.neither += t.neither;
  return into;
}

/** Why a measure has no value; the UI words each code in both languages. */
export type ReasonCode =
  'no-units' | 'never' | 'always' | 'not-two-coders' | 'no-variation' | 'no-codes';

export const REASONS: Record<ReasonCode, string> = {
  'no-units':
    'no unit with values from two coders (a coder who made no coding in a source has no values there)',
  never: 'neither coder applied the code anywhere: chance agreement is 1, κ is 0/0',
  always: 'both coders applied the code to every unit: chance agreement is 1, κ is 0/0',
  'not-two-coders': "Cohen's κ compares exactly two coders (see α for more)",
  'no-variation': 'every value is the same (no variation to agree on): α is 0/0',
  'no-codes': 'no code has a defined value',
};

export type Valued = { value: number; reason: null } | { value: null; reason: ReasonCode };

const valued = (value: number): Valued => ({ value, reason: null });
const none = (reason: ReasonCode): Valued => ({ value: null, reason });

/** Observed (pₒ) and chance (pₑ) agreement of a 2×2 table; null without units. */
export function pairAgreement(t: PairTable): { po: number; pe: number } | null {
  const n = pairTotal(t);
  if (n === 0) return null;
  const po = (t.both + t.neither) / n;
  const aYes = (t.both + t.onlyA) / n;
  const bYes = (t.both + t.onlyB) / n;
  const pe = aYes * bYes + (1 - aYes) * (1 - bYes);
  return { po, pe };
}

/** Percent agreement (0–100) of a 2×2 table. */
export function percentOf(t: PairTable): number | null {
  const a = pairAgreement(t);
  return a ? a.po * 100 : null;
}

/** Cohen's κ of a 2×2 table. */
export function cohensKappa(t: PairTable): Valued {
  const a = pairAgreement(t);
  if (!a) return none('no-units');
  if (t.onlyA === 0 && t.onlyB === 0 && (t.both === 0 || t.neither === 0))
    return none(t.both === 0 ? 'never' : 'always');
  return valued((a.po - a.pe) / (1 - a.pe));
}

/**
 * Pooled κ (De Vries et al. 2008) over the codes' tables: the mean pₒ and mean pₑ of the codes
 * that have units. Undefined when the mean pₑ is 1 (every code never or always applied).
 */
export function pooledKappa(tables: readonly PairTable[]): Valued {
  const parts = tables.map(pairAgreement).filter((a) => a !== null);
  if (parts.length === 0) return none(tables.length === 0 ? 'no-codes' : 'no-units');
  const po = parts.reduce((s, a) => s + a.po, 0) / parts.length;
  const pe = parts.reduce((s, a) => s + a.pe, 0) / parts.length;
  if (pe === 1) {
    const any = tables.some((t) => t.both > 0);
    return none(any ? 'always' : 'never');
  }
  return valued((po - pe) / (1 - pe));
}

// --- Krippendorff's α, nominal ---------------------------------------------------------------

/** A coincidence matrix: o[c][k] summed over units, as Krippendorff (2011) builds it. */
export type Coincidences = Map<string, Map<string, number>>;

function addCoincidence(o: Coincidences, c: string, k: string, w: number): void {
  let row = o.get(c);
  if (!row) {
    row = new Map();
    o.set(c, row);
  }
  row.set(k, (row.get(k) ?? 0) + w);
}

/**
 * The coincidences of a reliability data matrix: one row per coder, one column per unit, null
 * for a missing value. Each unit with m ≥ 2 values adds every ordered pair of its values from
 * different coders with weight 1/(m − 1); units with fewer values are not pairable.
 */
export function coincidences(data: readonly (readonly (string | number | null)[])[]): Coincidences {
  const o: Coincidences = new Map();
  const units = Math.max(0, ...data.map((row) => row.length));
  for (let u = 0; u < units; u++) {
    const values = data.map((row) => row[u]).filter((v) => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        if (i !== j) addCoincidence(o, String(values[i]), String(values[j]), 1 / (m - 1));
  }
  return o;
}

/** α nominal from a coincidence matrix: 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k. */
export function alphaFromCoincidences(o: Coincidences): Valued {
  const nc = new Map<string, number>();
  let disagree = 0;
  for (const [c, row] of o)
    for (const [k, w] of row) {
      nc.set(c, (nc.get(c) ?? 0) + w);
      if (c !== k) disagree += w;
    }
  const n = [...nc.values()].reduce((s, x) => s + x, 0);
  if (n < 2) return none('no-units');
  let expected = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += a * b;
  if (expected === 0) return none('no-variation');
  return valued(1 - ((n - 1) * disagree) / expected);
}

/** Krippendorff's α (nominal) of a reliability data matrix (coders × units, null = missing). */
export const krippendorffAlpha = (data: readonly (readonly (string | number | null)[])[]) =>
  alphaFromCoincidences(coincidences(data));

// --- Binary units in bulk ---------------------------------------------------------------------

/**
 * Binary units summarised by pattern: for m coders who gave a value, how many said "applied" (k),
 * with a weight (a run of characters counts as that many units). Enough for α and for the
 * pairwise percent agreement of any number of coders without keeping every unit.
 */
export class BinaryPatterns {
  /** key m*1024+k → total weight */
  private readonly weights = new Map<number, number>();

  add(m: number, k: number, weight = 1): void {
    if (weight <= 0 || m < 1) return;
    const key = m * 1024 + k;
    this.weights.set(key, (this.weights.get(key) ?? 0) + weight);
  }

  addAll(other: BinaryPatterns): this {
    for (const [key, w] of other.weights) this.weights.set(key, (this.weights.get(key) ?? 0) + w);
    return this;
  }

  private *entries(): Generator<{ m: number; k: number; w: number }> {
    for (const [key, w] of this.weights) yield { m: Math.floor(key / 1024), k: key % 1024, w };
  }

  /** Units with at least two values (the pairable ones). */
  units(): number {
    let n = 0;
    for (const { m, w } of this.entries()) if (m >= 2) n += w;
    return n;
  }

  /** α nominal over the two values applied / not applied. */
  alpha(): Valued {
    let o11 = 0;
    let o00 = 0;
    let o01 = 0;
    for (const { m, k, w } of this.entries()) {
      if (m < 2) continue;
      o11 += (w * k * (k - 1)) / (m - 1);
      o00 += (w * (m - k) * (m - k - 1)) / (m - 1);
      o01 += (w * k * (m - k)) / (m - 1);
    }
    const n1 = o11 + o01;
    const n0 = o00 + o01;
    const n = n0 + n1;
    if (n < 2) return none('no-units');
    if (n0 === 0 || n1 === 0) return none('no-variation');
    // 1 − (n − 1)(o01 + o10) / (n0·n1 + n1·n0), with o10 = o01.
    return valued(1 - ((n - 1) * o01) / (n0 * n1));
  }

  /** Mean share of agreeing coder pairs per unit, in percent (two coders: plain agreement). */
  percent(): number | null {
    let agree = 0;
    let total = 0;
    for (const { m, k, w } of this.entries()) {
      if (m < 2) continue;
      agree += (w * (k * (k - 1) + (m - k) * (m - k - 1))) / (m * (m - 1));
      total += w;
    }
    return total === 0 ? null : (agree / total) * 100;
  }

  /** The patterns of a 2×2 table (two coders, no missing values). */
  static fromPair(t: PairTable): BinaryPatterns {
    const p = new BinaryPatterns();
    p.add(2, 2, t.both);
    p.add(2, 1, t.onlyA + t.onlyB);
    p.add(2, 0, t.neither);
    return p;
  }
}

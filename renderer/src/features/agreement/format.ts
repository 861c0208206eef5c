import type { Lang } from '../../i18n/index.js';

/** A κ or α as a methods section writes it: two decimals, the language's decimal mark. */
export function formatCoefficient(v: number, lang: Lang): string {
  // −0,004 reads as "0,00", not "−0,00".
  return (Math.abs(v) < 0.005 ? 0 : v)
    .toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    })
    .replace('-', '−');
}

export function formatPercent(v: number, lang: Lang): string {
  const n = v.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return lang === 'nl' ? `${n} %` : `${n}%`;
}

export function formatCount(v: number, lang: Lang): string {
  return v.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 0 });
}

/**
 * The heat of a coefficient: ≤ 0 (no better than chance) light, 1 (perfect) dark blue, in
 * steps that follow the usual reading of κ (Landis & Koch 1977); text stays readable on each.
 */
const STEPS: { upTo: number; bg: string; fg: string }[] = [
  { upTo: 0, bg: '#f6d5cf', fg: '#1d1d1f' },
  { upTo: 0.2, bg: '#fbe7c6', fg: '#1d1d1f' },
  { upTo: 0.4, bg: '#e8efd2', fg: '#1d1d1f' },
  { upTo: 0.6, bg: '#bcd9e8', fg: '#1d1d1f' },
  { upTo: 0.8, bg: '#5b9bc7', fg: '#1d1d1f' },
  { upTo: 1, bg: '#1f5f8b', fg: '#ffffff' },
];

export function heat(v: number): { background: string; color: string } {
  const step = STEPS.find((s) => v <= s.upTo) ?? (STEPS[STEPS.length - 1] as (typeof STEPS)[0]);
  return { background: step.bg, color: step.fg };
}

export const HEAT_STEPS = STEPS;

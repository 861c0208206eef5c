import type { Code } from '../../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../../i18n/index.js';
import type { Stripe } from './stripes.js';

/**
 * A code's path from the top of the tree, after its dimension: "Uitgangspunt › Opgave en aanpak
 * vanuit de regio", "Vrije code › Thema › Subthema".
 */
export function codePath(
  code: Code,
  byId: Map<string, Code>,
  label: (c: Code) => string,
  dimension: string,
): string {
  const names = [label(code)];
  const seen = new Set([code.id]);
  for (let p = code.parentId ? byId.get(code.parentId) : undefined; p;) {
    if (seen.has(p.id)) break;
    seen.add(p.id);
    names.unshift(label(p));
    p = p.parentId ? byId.get(p.parentId) : undefined;
  }
  return [dimension, ...names].join(' › ');
}

/**
 * What a stripe stands for, shown while it is hovered or focused (role tooltip, the focused
 * label's description): the code's path, who coded it and when, the passage, and what a click
 * and the menu do. It opens to the left of the margin, over the text's edge.
 */
export function StripeCard({
  stripe,
  top,
  codeById,
  coder,
}: {
  stripe: Stripe;
  top: number;
  codeById: Map<string, Code>;
  coder: string | null;
}) {
  const { t, label, date } = useI18n();
  const excerpt = stripe.text.length > 140 ? `${stripe.text.slice(0, 140)}…` : stripe.text;
  return (
    <div className="stripe-card" role="tooltip" id="stripe-card" style={{ top: `${top}px` }}>
      <p className="stripe-card-path">
        <span className="swatch" style={{ background: stripe.code.color }} aria-hidden="true" />
        {codePath(
          stripe.code,
          codeById,
          (c) => label(c.label),
          t(`dimension.${stripe.code.dimension}`),
        )}
      </p>
      <p className="stripe-card-who">
        {t('coding.stripe.by', {
          coder: coder ?? t('coding.stripe.noCoder'),
          date: date(stripe.createdAt),
        })}
      </p>
      <p className="stripe-card-text">“{excerpt}”</p>
      <p className="stripe-card-hint">{t('coding.stripe.hint')}</p>
    </div>
  );
}

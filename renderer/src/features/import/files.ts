/** The case section of the sidebar under a drag or drop, if any ('' is "no case"). */
export function caseTarget(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element
    ? (target.closest('.case-group[data-case-id]') as HTMLElement | null)
    : null;
}

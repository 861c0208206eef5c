import type { ContractShape, OutputOf, ParsedInputOf } from '../shared/contract/define.js';
import type { ServiceContext } from './context.js';

export type Handler<C extends ContractShape, K extends keyof C> = (
  input: ParsedInputOf<C, K>,
  ctx: ServiceContext,
) => OutputOf<C, K> | Promise<OutputOf<C, K>>;

/** A feature's handlers: one per method of its contract slice, checked at compile time. */
export type HandlersFor<C extends ContractShape> = { [K in keyof C]: Handler<C, K> };

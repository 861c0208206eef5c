import type { z } from 'zod';

/** One operation: its input and output schemas. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Long-running operations report progress and run off the request thread. */
  description: string;
}

export type ContractShape = Record<string, MethodSpec>;

/** Declares a slice of the contract; keeps the literal method names. */
export function defineMethods<const C extends ContractShape>(methods: C): C {
  return methods;
}

export type InputOf<C extends ContractShape, K extends keyof C> = z.input<C[K]['input']>;
export type ParsedInputOf<C extends ContractShape, K extends keyof C> = z.output<C[K]['input']>;
export type OutputOf<C extends ContractShape, K extends keyof C> = z.output<C[K]['output']>;

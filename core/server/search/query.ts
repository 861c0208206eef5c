/**
 * The researcher's query syntax, parsed into a tree and written back as an FTS5 MATCH string.
 *
 * Syntax: words (implicit AND), "exact phrases", prefix* (word mode), AND, OR, NOT (binary:
 * `zorg NOT ziekenhuis`), NEAR (`a NEAR b`, `a NEAR/5 b`), parentheses. Operators are upper case
 * so that the Dutch words "en", "of", "niet" stay searchable. User text never reaches MATCH raw:
 * every term and phrase is re-emitted as an FTS5 string literal.
 */

export type QueryNode =
  | { kind: 'term'; text: string; prefix: boolean }
  | { kind: 'phrase'; text: string }
  | { kind: 'and' | 'or'; items: QueryNode[] }
  | { kind: 'not'; left: QueryNode; right: QueryNode }
  | { kind: 'near'; items: (QueryNode & { kind: 'term' | 'phrase' })[]; distance: number };

export class QueryError extends Error {
  constructor(
    message: string,
    /** UTF-16 offset in the query where the problem is. */
    readonly position: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

type Token =
  | { type: 'word'; text: string; prefix: boolean; pos: number }
  | { type: 'phrase'; text: string; pos: number }
  | { type: 'and' | 'or' | 'not' | 'lparen' | 'rparen'; pos: number }
  | { type: 'near'; distance: number; pos: number };

const DEFAULT_NEAR = 10;
const MAX_NEAR = 100;
const MAX_TERMS = 64;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      tokens.push({ type: 'lparen', pos: i++ });
    } else if (ch === ')') {
      tokens.push({ type: 'rparen', pos: i++ });
    } else if (ch === '"' || ch === '“' || ch === '”' || ch === '„') {
      const closeAt = input.slice(i + 1).search(/["“”„]/);
      if (closeAt < 0) {
        throw new QueryError(
          `the quote at position ${i + 1} is never closed: end the phrase with another "`,
          i,
        );
      }
      const text = input.slice(i + 1, i + 1 + closeAt).trim();
      if (!HAS_WORD_CHAR.test(text)) {
        throw new QueryError(`the phrase at position ${i + 1} has no words in it`, i);
      }
      tokens.push({ type: 'phrase', text, pos: i });
      i += closeAt + 2;
    } else {
      const start = i;
      while (i < input.length && !/[\s()"“”„]/.test(input[i] as string)) i++;
      const raw = input.slice(start, i);
      const near = /^NEAR(?:\/(\d+))?$/.exec(raw);
      if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
        tokens.push({ type: raw.toLowerCase() as 'and' | 'or' | 'not', pos: start });
      } else if (near) {
        const distance = near[1] === undefined ? DEFAULT_NEAR : Number(near[1]);
        if (distance > MAX_NEAR) {
          throw new QueryError(`NEAR/${distance} is too far apart: use at most ${MAX_NEAR}`, start);
        }
        tokens.push({ type: 'near', distance, pos: start });
      } else if (/^NEAR\//.test(raw)) {
        throw new QueryError(`"${raw}" is not a valid NEAR: write NEAR/5 (a whole number)`, start);
      } else {
        const prefix = raw.endsWith('*');
        const text = prefix ? raw.slice(0, -1) : raw;
        if (text.includes('*')) {
          throw new QueryError(
            `"${raw}": * may only end a word (verpleeg* finds verpleegkundige)`,
            start,
          );
        }
        if (!HAS_WORD_CHAR.test(text)) {
          throw new QueryError(`"${raw}" has no letters or digits to search for`, start);
        }
        tokens.push({ type: 'word', text, prefix, pos: start });
      }
    }
  }
  return tokens;
}

const OPERATOR_NAME: Record<string, string> = {
  and: 'AND',
  or: 'OR',
  not: 'NOT',
  near: 'NEAR',
  rparen: ')',
};

/** Parses a query; throws QueryError with a plain explanation when it is malformed. */
export function parseQuery(input: string): QueryNode {
  const tokens = tokenize(input);
  if (tokens.length === 0) throw new QueryError('the query is empty: type a word to search for', 0);
  if (tokens.filter((t) => t.type === 'word' || t.type === 'phrase').length > MAX_TERMS) {
    throw new QueryError(`the query has more than ${MAX_TERMS} words`, 0);
  }
  let at = 0;
  const peek = () => tokens[at];

  const operand = (): QueryNode => {
    const t = peek();
    if (!t) {
      const last = tokens[tokens.length - 1];
      const name = last ? (OPERATOR_NAME[last.type] ?? '') : '';
      throw new QueryError(
        name
          ? `${name} at the end needs a word after it`
          : 'the query ends where a word was expected',
        input.length,
      );
    }
    if (t.type === 'word') {
      at++;
      return { kind: 'term', text: t.text, prefix: t.prefix };
    }
    if (t.type === 'phrase') {
      at++;
      return { kind: 'phrase', text: t.text };
    }
    if (t.type === 'lparen') {
      at++;
      const inner = orExpr();
      const close = peek();
      if (close?.type !== 'rparen') {
        throw new QueryError(
          `the bracket at position ${t.pos + 1} is never closed: add a )`,
          t.pos,
        );
      }
      at++;
      return inner;
    }
    if (t.type === 'rparen') {
      throw new QueryError(`the ) at position ${t.pos + 1} has no ( before it`, t.pos);
    }
    const name = OPERATOR_NAME[t.type] ?? t.type;
    throw new QueryError(
      t.type === 'not'
        ? `NOT at position ${t.pos + 1} needs a word before it: write e.g. zorg NOT ziekenhuis`
        : `${name} at position ${t.pos + 1} needs a word on both sides`,
      t.pos,
    );
  };

  const nearExpr = (): QueryNode => {
    const first = operand();
    const items: QueryNode[] = [first];
    let distance = DEFAULT_NEAR;
    while (peek()?.type === 'near') {
      const t = peek() as Token & { type: 'near' };
      at++;
      distance = Math.max(t.type === 'near' ? t.distance : DEFAULT_NEAR, 0);
      items.push(operand());
    }
    if (items.length === 1) return first;
    for (const item of items) {
      if (item.kind !== 'term' && item.kind !== 'phrase') {
        throw new QueryError(
          'NEAR connects words or "phrases" only, not groups in brackets or OR',
          0,
        );
      }
    }
    return {
      kind: 'near',
      items: items as (QueryNode & { kind: 'term' | 'phrase' })[],
      distance,
    };
  };

  const andExpr = (): QueryNode => {
    let node = nearExpr();
    const items: QueryNode[] = [node];
    for (;;) {
      const t = peek();
      if (!t || t.type === 'or' || t.type === 'rparen') break;
      if (t.type === 'not') {
        at++;
        const right = nearExpr();
        node = items.length === 1 ? (items[0] as QueryNode) : { kind: 'and', items: [...items] };
        node = { kind: 'not', left: node, right };
        items.splice(0, items.length, node);
        continue;
      }
      if (t.type === 'and') at++;
      items.push(nearExpr());
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'and', items };
  };

  const orExpr = (): QueryNode => {
    const items = [andExpr()];
    while (peek()?.type === 'or') {
      at++;
      items.push(andExpr());
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'or', items };
  };

  const tree = orExpr();
  const rest = peek();
  if (rest) {
    throw new QueryError(
      rest.type === 'rparen'
        ? `the ) at position ${rest.pos + 1} has no ( before it`
        : `unexpected ${OPERATOR_NAME[rest.type] ?? 'text'} at position ${rest.pos + 1}`,
      rest.pos,
    );
  }
  return tree;
}

/** An FTS5 string literal: the only form in which user text reaches MATCH. */
const literal = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** Characters a trigram needs: shorter strings match nothing in a trigram index. */
const TRIGRAM_MIN = 3;
/** In a trigram index NEAR counts trigrams (about characters); a word is about seven of them. */
const TRIGRAM_PER_WORD = 7;

/**
 * Writes the tree as an FTS5 query. `insideWords` targets the trigram index: every term is a
 * substring (prefix* is implied) and must have at least three characters.
 */
export function toFtsMatch(node: QueryNode, insideWords: boolean): string {
  const term = (n: QueryNode & { kind: 'term' | 'phrase' }): string => {
    if (insideWords) {
      if ([...n.text].length < TRIGRAM_MIN) {
        throw new QueryError(
          `"${n.text}" is too short to search inside words: use at least ${TRIGRAM_MIN} characters, or turn "inside words" off`,
          0,
        );
      }
      return literal(n.text);
    }
    return n.kind === 'term' && n.prefix ? `${literal(n.text)}*` : literal(n.text);
  };
  const write = (n: QueryNode): string => {
    switch (n.kind) {
      case 'term':
      case 'phrase':
        return term(n);
      case 'and':
        return `(${n.items.map(write).join(' AND ')})`;
      case 'or':
        return `(${n.items.map(write).join(' OR ')})`;
      case 'not':
        return `(${write(n.left)} NOT ${write(n.right)})`;
      case 'near': {
        const distance = insideWords ? n.distance * TRIGRAM_PER_WORD : n.distance;
        return `NEAR(${n.items.map(term).join(' ')}, ${distance})`;
      }
    }
  };
  return write(node);
}

/** Parses and writes in one go. */
export function compileQuery(input: string, insideWords: boolean): string {
  return toFtsMatch(parseQuery(input), insideWords);
}

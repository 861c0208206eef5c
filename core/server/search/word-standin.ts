import type { QueryNode } from './query.js';

/** A substring the word index can look up: letters a-z and digits only (folded as both do). */
const PLAIN = /^[A-Za-z0-9]+$/;
/** A word the word index can be asked for by itself: FTS5 tokenizes it back to exactly itself. */
const PLAIN_WORD = /^[a-z0-9]+$/;
/**
 * Beyond this many words for one substring, walking the trigram index is cheaper than asking
 * the word index for each of them (and the expression would grow long).
 */
export const MAX_WORDS_PER_SUBSTRING = 64;

type StandIn = { expr: string } | 'none' | 'cannot';

/** An FTS5 string literal (the words of the index are letters and digits only here). */
const literal = (word: string) => `"${word}"`;

/**
 * A word-index (blocks_fts) expression that matches exactly the blocks the inside-words query
 * `tree` matches in the trigram index, built from the index's words (db/queries/fulltext.ts,
 * indexedWords): each substring becomes the OR of the words that hold it; AND, OR and NOT are
 * kept, as both indexes apply them to whole blocks. Null when nothing can match (a substring in
 * no word, where it must be); undefined when the word index cannot stand in:
 * - a substring with other characters than a-z and digits: a space or punctuation spans words,
 *   and folding other letters here would have to copy SQLite's tables;
 * - a word that holds the substring but has other characters than a-z and digits (FTS5 would
 *   tokenize the word again, which only these survive unchanged);
 * - NEAR: inside words it counts trigrams, not words;
 * - more than MAX_WORDS_PER_SUBSTRING words for one substring.
 */
export function wordStandIn(tree: QueryNode, words: readonly string[]): string | null | undefined {
  const found = standIn(tree, words);
  return found === 'none' ? null : found === 'cannot' ? undefined : found.expr;
}

function standIn(node: QueryNode, words: readonly string[]): StandIn {
  switch (node.kind) {
    case 'term':
    case 'phrase': {
      if (!PLAIN.test(node.text)) return 'cannot';
      const part = node.text.toLowerCase();
      const holding: string[] = [];
      for (const word of words) {
        if (!word.includes(part)) continue;
        if (!PLAIN_WORD.test(word) || holding.length === MAX_WORDS_PER_SUBSTRING) return 'cannot';
        holding.push(word);
      }
      if (holding.length === 0) return 'none';
      return {
        expr:
          holding.length === 1
            ? literal(holding[0] as string)
            : `(${holding.map(literal).join(' OR ')})`,
      };
    }
    case 'near':
      return 'cannot';
    case 'and': {
      const items = node.items.map((n) => standIn(n, words));
      if (items.includes('none')) return 'none';
      if (items.includes('cannot')) return 'cannot';
      return { expr: `(${items.map((i) => (i as { expr: string }).expr).join(' AND ')})` };
    }
    case 'or': {
      const items = node.items.map((n) => standIn(n, words));
      if (items.includes('cannot')) return 'cannot';
      const some = items.filter((i): i is { expr: string } => i !== 'none');
      if (some.length === 0) return 'none';
      return some.length === 1
        ? (some[0] as { expr: string })
        : { expr: `(${some.map((i) => i.expr).join(' OR ')})` };
    }
    case 'not': {
      const left = standIn(node.left, words);
      if (left === 'none' || left === 'cannot') return left;
      const right = standIn(node.right, words);
      if (right === 'cannot') return 'cannot';
      return right === 'none' ? left : { expr: `(${left.expr} NOT ${right.expr})` };
    }
  }
}

/**
 * Finds where an app constructs its connect-pg-simple store, and reads the options it passes, from
 * the source text alone (JavaScript or TypeScript, CommonJS or ESM). Nothing is evaluated: a value
 * that is not a literal, `process.env.NAME`, or `process.env.NAME || 'literal'` is kept as
 * `expression`, with its text, so the facts can say why it is unknown.
 *
 * Recognised forms (any variable names):
 *   const PgStore = require('connect-pg-simple')(session);        new PgStore({ … })
 *   const pgSession = require('connect-pg-simple');               new (pgSession(session))({ … })
 *   import connectPgSimple from 'connect-pg-simple';              const S = connectPgSimple(session); new S()
 *   new (require('connect-pg-simple')(session))({ … })
 *
 * Pure: text in, offsets out (UTF-16 code units, as JavaScript strings index).
 */

import { is, isIdent, matching, objectAt, tokenize, type ObjectLiteral, type Token } from '../jsSourceText';

export { optionOf, type ObjectLiteral, type OptionProp, type OptionValue } from '../jsSourceText';

const PACKAGE = 'connect-pg-simple';

export type StoreOptions =
  | { kind: 'literal'; object: ObjectLiteral }
  /** `new Store()`: every option is the default. Offsets of `(` and `)`. */
  | { kind: 'none'; open: number; close: number }
  | { kind: 'expression'; text: string };

export interface StoreCall {
  /** Offset of `new`. */
  start: number;
  options: StoreOptions;
}

const isPackage = (t: Token | undefined): boolean => t !== undefined && (t.kind === 'string' || t.kind === 'template') && t.value === PACKAGE;

/** `require('connect-pg-simple')` starting at token i: the index after its `)`, else -1. */
function requireAt(tokens: Token[], i: number): number {
  return isIdent(tokens[i], 'require') && is(tokens[i + 1], '(') && isPackage(tokens[i + 2]) && is(tokens[i + 3], ')') ? i + 4 : -1;
}

/**
 * An expression that evaluates to the store class, starting at token i: `Store`, `factory(…)`,
 * `require('connect-pg-simple')(…)`, any of these in parentheses. The index after it, else -1.
 */
function storeClassAt(tokens: Token[], i: number, factories: Set<string>, classes: Set<string>): number {
  const t = tokens[i];
  if (is(t, '(')) {
    const close = matching(tokens, i);
    if (close < 0) return -1;
    const inner = storeClassAt(tokens, i + 1, factories, classes);
    return inner === close ? close + 1 : -1;
  }
  if (isIdent(t) && classes.has(t.text)) return i + 1;
  const factoryEnd = factoryCallEnd(tokens, i, factories);
  return factoryEnd;
}

/** `factory(…)` or `require('connect-pg-simple')(…)` at i: the index after the call's `)`, else -1. */
function factoryCallEnd(tokens: Token[], i: number, factories: Set<string>): number {
  let after = requireAt(tokens, i);
  if (after < 0 && isIdent(tokens[i]) && factories.has(tokens[i].text)) after = i + 1;
  if (after < 0 || !is(tokens[after], '(')) return -1;
  const close = matching(tokens, after);
  return close < 0 ? -1 : close + 1;
}

/** Every construction of a connect-pg-simple store in one source file, in order. */
export function findStoreCalls(src: string): StoreCall[] {
  if (!src.includes(PACKAGE)) return [];
  const tokens = tokenize(src);
  const factories = new Set<string>();
  const classes = new Set<string>();
  // Bindings, in one pass: factories first (they are used by the class bindings after them).
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // import X from 'connect-pg-simple' / import X, { … } from / import * as X from / import X = require(…)
    if (isIdent(t, 'import')) {
      let j = i + 1;
      if (isIdent(tokens[j], 'type')) continue;
      if (is(tokens[j], '*') && isIdent(tokens[j + 1], 'as')) j += 2;
      const name = tokens[j];
      if (isIdent(name) && (isIdent(tokens[j + 1], 'from') || is(tokens[j + 1], ','))) {
        let k = j + 1;
        while (k < tokens.length && k < j + 40 && !isIdent(tokens[k], 'from')) k++;
        if (isPackage(tokens[k + 1])) factories.add(name.text);
      } else if (isIdent(name) && is(tokens[j + 1], '=') && requireAt(tokens, j + 2) > 0) factories.add(name.text);
      continue;
    }
    // X = require('connect-pg-simple'), X = require('connect-pg-simple')(session), X = factory(session)
    if (isIdent(t) && is(tokens[i + 1], '=') && !is(tokens[i - 1], '.')) {
      const afterRequire = requireAt(tokens, i + 2);
      if (afterRequire > 0 && !is(tokens[afterRequire], '(')) factories.add(t.text);
      else if (factoryCallEnd(tokens, i + 2, factories) > 0) classes.add(t.text);
    }
  }
  const calls: StoreCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isIdent(tokens[i], 'new')) continue;
    const after = storeClassAt(tokens, i + 1, factories, classes);
    if (after < 0) continue;
    const open = tokens[after];
    if (!is(open, '(')) {
      // `new Store` without arguments: the defaults, but nothing to edit exactly.
      calls.push({ start: tokens[i].start, options: { kind: 'expression', text: '' } });
      continue;
    }
    const close = matching(tokens, after);
    if (close < 0) continue;
    let options: StoreOptions;
    if (close === after + 1) options = { kind: 'none', open: open.start, close: tokens[close].start };
    else if (
      is(tokens[after + 1], '{') &&
      (matching(tokens, after + 1) === close - 1 || (matching(tokens, after + 1) === close - 2 && is(tokens[close - 1], ',')))
    )
      options = { kind: 'literal', object: objectAt(src, tokens, after + 1) };
    else options = { kind: 'expression', text: src.slice(tokens[after + 1].start, tokens[close - 1].end) };
    calls.push({ start: tokens[i].start, options });
  }
  return calls;
}

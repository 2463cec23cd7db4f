import nunjucks from 'nunjucks';
import type { JNode } from './nodes.js';

/** The parts of nunjucks' lexer and Parser that our parser builds on (nunjucks ships no types for them). */

export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

export interface Tokenizer {
  nextToken(): Token | null;
  tags: Record<string, string>;
  _extractRegex(re: RegExp): RegExpMatchArray | null;
}

export interface ParserBase {
  tokens: Tokenizer;
  peeked: Token | null;
  breakOnBlocks: string[] | null;
  dropLeadingWhitespace: boolean;
  extensions: unknown[];
  nextToken(withWhitespace?: boolean): Token | null;
  peekToken(): Token;
  pushToken(tok: Token | null): void;
  fail(msg: string, lineno?: number, colno?: number): never;
  error(msg: string, lineno?: number, colno?: number): Error;
  skip(type: string): boolean;
  expect(type: string): Token;
  skipValue(type: string, val: string): boolean;
  skipSymbol(val: string): boolean;
  advanceAfterBlockEnd(name?: string): Token;
  advanceAfterVariableEnd(): void;
  parseStatement(): JNode | null;
  parseIf(): JNode;
  parseRaw(tagName?: string): JNode;
  parseUntilBlocks(...names: string[]): JNode;
  parseNodes(): JNode[];
  parseAsRoot(): JNode;
  parseExpression(): JNode;
  parsePrimary(noPostfix?: boolean): JNode;
  parsePostfix(node: JNode): JNode;
  parseAggregate(): JNode | null;
  parseInlineIf(): JNode;
}

interface LexerModule {
  lex(src: string, opts?: object): Tokenizer;
  [constant: string]: unknown;
}

export const lexer = (nunjucks as unknown as { lexer: LexerModule }).lexer;

export const T = {
  STRING: lexer.TOKEN_STRING as string,
  WHITESPACE: lexer.TOKEN_WHITESPACE as string,
  INT: lexer.TOKEN_INT as string,
  FLOAT: lexer.TOKEN_FLOAT as string,
  BOOLEAN: lexer.TOKEN_BOOLEAN as string,
  NONE: lexer.TOKEN_NONE as string,
  SYMBOL: lexer.TOKEN_SYMBOL as string,
  OPERATOR: lexer.TOKEN_OPERATOR as string,
  COMMA: lexer.TOKEN_COMMA as string,
  COLON: lexer.TOKEN_COLON as string,
  TILDE: lexer.TOKEN_TILDE as string,
  PIPE: lexer.TOKEN_PIPE as string,
  LPAREN: lexer.TOKEN_LEFT_PAREN as string,
  RPAREN: lexer.TOKEN_RIGHT_PAREN as string,
  LBRACKET: lexer.TOKEN_LEFT_BRACKET as string,
  RBRACKET: lexer.TOKEN_RIGHT_BRACKET as string,
  LCURLY: lexer.TOKEN_LEFT_CURLY as string,
  RCURLY: lexer.TOKEN_RIGHT_CURLY as string,
  BLOCK_END: lexer.TOKEN_BLOCK_END as string,
  VARIABLE_END: lexer.TOKEN_VARIABLE_END as string,
  REGEX: lexer.TOKEN_REGEX as string,
};

/** nunjucks' Parser class, typed with the members above. */
export const NunjucksParser = (nunjucks as unknown as { parser: { Parser: new (tokens: Tokenizer) => ParserBase } })
  .parser.Parser;

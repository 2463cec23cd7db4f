import nunjucks from 'nunjucks';
import type { JNode } from './nodes.js';

/** The members of nunjucks' Compiler that ours builds on: the code buffer and the node dispatch. */
export interface CompilerBase {
  templateName: string;
  buffer: string | null;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _pushBuffer(): string;
  _popBuffer(): void;
  fail(msg: string, lineno?: number, colno?: number): never;
  compile(node: JNode, frame?: unknown): void;
  getCode(): string;
}

export const NunjucksCompiler = (
  nunjucks as unknown as { compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => CompilerBase } }
).compiler.Compiler;

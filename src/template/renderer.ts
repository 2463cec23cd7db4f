import { TsmodelError, type SourceLocation } from '../errors/index.js';
import { createJinjaEnvironment } from './jinja/environment.js';
import { MACRO_PREFIX } from './jinja/compiler.js';
import { JinjaTemplate } from './jinja/template.js';
import { TemplateRuntimeError } from './jinja/traceback.js';
import { runtimeErrorToTsmodel, syntaxErrorToTsmodel } from './template-errors.js';

export interface MacroFile {
  /** Path relative to the project root (or "<builtin>/name.sql"). */
  path: string;
  source: string;
  builtin: boolean;
}

export interface MacroInfo {
  name: string;
  path: string;
  builtin: boolean;
  line: number;
}

/** Values and functions visible to a template while it renders. */
export type TemplateContext = Record<string, unknown>;

/** dbt writes generic tests as {% test name(...) %}; they are macros named test_<name>. */
function rewriteTestBlocks(source: string): string {
  return source
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][\w]*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Renders templates synchronously with one nunjucks environment. Project and
 * built-in macros are compiled once and visible to every template without an
 * import; a project macro overrides a built-in of the same name. The context
 * of one render is installed for exactly that render, so macros called from a
 * model see that model's ref(), this, config and so on.
 */
export class Renderer {
  private readonly env = createJinjaEnvironment();
  private readonly globals = (this.env as unknown as { globals: Record<string, unknown> }).globals;
  private readonly cache = new Map<string, { source: string; template: JinjaTemplate }>();
  private readonly shared = new Map<string, JinjaTemplate>();
  private raised: TsmodelError | undefined;
  readonly macros = new Map<string, MacroInfo>();
  readonly errors: TsmodelError[] = [];

  constructor(macroFiles: readonly MacroFile[]) {
    const ordered = [...macroFiles].sort((a, b) => Number(b.builtin) - Number(a.builtin));
    for (const file of ordered) this.loadMacroFile(file);
  }

  private loadMacroFile(file: MacroFile): void {
    const source = rewriteTestBlocks(file.source);
    let exported: Record<string, unknown>;
    let template: JinjaTemplate;
    try {
      template = new JinjaTemplate(source, this.env, file.path, { dbtMacroNames: true }).compileNow();
    } catch (err) {
      this.errors.push(syntaxErrorToTsmodel(err, file.path, source));
      return;
    }
    try {
      exported = template.exported({});
    } catch (err) {
      this.errors.push(this.toTemplateError(err, file.path));
      return;
    }
    for (const [key, fn] of Object.entries(exported)) {
      if (typeof fn !== 'function' || !key.startsWith(MACRO_PREFIX)) continue;
      const name = key.slice(MACRO_PREFIX.length);
      const existing = this.macros.get(name);
      if (existing && !existing.builtin && !file.builtin) {
        this.errors.push(
          new TsmodelError('template', `Macro '${name}' is defined twice: in ${existing.path} and in ${file.path}`, {
            location: { file: file.path, line: this.macroLine(file.source, name) },
            hint: 'Rename or remove one of them.',
          }),
        );
        continue;
      }
      this.macros.set(name, { name, path: file.path, builtin: file.builtin, line: this.macroLine(file.source, name) });
      this.globals[name] = fn;
    }
  }

  private macroLine(source: string, name: string): number {
    const m = new RegExp(`\\{%-?\\s*(?:macro|test)\\s+${name.replace(/^test_/, '(?:test_)?')}\\s*\\(`).exec(source);
    return m ? lineOf(source, m.index) : 1;
  }

  hasMacro(name: string): boolean {
    return this.macros.has(name);
  }

  /** Records a typed error raised by a context function, so it survives nunjucks' wrapping. */
  raise(err: TsmodelError): never {
    this.raised = err;
    throw err;
  }

  /** Renders one file. Throws a TsmodelError('template') with file and line. */
  render(file: string, source: string, context: TemplateContext): string {
    return this.withContext(context, () => {
      let entry = this.cache.get(file);
      if (!entry || entry.source !== source) {
        try {
          entry = { source, template: new JinjaTemplate(source, this.env, file, { dbtMacroNames: true }).compileNow() };
        } catch (err) {
          throw syntaxErrorToTsmodel(err, file, source);
        }
        this.cache.set(file, entry);
      }
      try {
        return entry.template.render({});
      } catch (err) {
        throw this.toTemplateError(err, file);
      }
    });
  }

  /**
   * Renders a text that many renders of one file share (a generic test's call with its arguments as
   * variables): compiled once per file and text, where render() keeps one text per file.
   */
  renderShared(file: string, source: string, context: TemplateContext): string {
    return this.withContext(context, () => {
      const key = `${file}\0${source}`;
      let template = this.shared.get(key);
      if (!template) {
        try {
          template = new JinjaTemplate(source, this.env, file, { dbtMacroNames: true }).compileNow();
        } catch (err) {
          throw syntaxErrorToTsmodel(err, file, source);
        }
        this.shared.set(key, template);
      }
      try {
        return template.render({});
      } catch (err) {
        throw this.toTemplateError(err, file);
      }
    });
  }

  /** Calls a macro by name (e.g. generate_schema_name) with the given context installed. */
  callMacro(name: string, args: unknown[], context: TemplateContext, where: SourceLocation): unknown {
    const fn = this.globals[name] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof fn !== 'function') {
      throw new TsmodelError('template', `Macro '${name}' is not defined`, { location: where });
    }
    return this.withContext(context, () => {
      try {
        return fn(...args);
      } catch (err) {
        throw this.toTemplateError(err, this.macros.get(name)?.path ?? where.file);
      }
    });
  }

  private withContext<T>(context: TemplateContext, fn: () => T): T {
    const globals = this.globals;
    const saved = new Map<string, unknown>();
    for (const [k, v] of Object.entries(context)) {
      saved.set(k, Object.prototype.hasOwnProperty.call(globals, k) ? globals[k] : undefined);
      globals[k] = v;
    }
    this.raised = undefined;
    try {
      return fn();
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete globals[k];
        else globals[k] = v;
      }
    }
  }

  private toTemplateError(err: unknown, file: string): TsmodelError {
    const cause = err instanceof TemplateRuntimeError ? err.cause : err;
    const raised = cause instanceof TsmodelError ? cause : this.raised;
    this.raised = undefined;
    return runtimeErrorToTsmodel(err, file, raised);
  }
}

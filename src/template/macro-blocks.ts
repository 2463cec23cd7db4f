/**
 * dbt's block forms that are macros underneath: `{% test name(...) %}` is the macro test_<name>, and
 * `{% materialization name, adapter='postgres' %}` (or `, default`) the macro
 * materialization_<name>_<adapter>, as dbt names them.
 */
export function rewriteBlocks(source: string): string {
  return source
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][\w]*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}')
    .replace(
      /\{%(-?)\s*materialization\s+([A-Za-z_]\w*)\s*,([^%]*?)(-?)%\}/g,
      (_m, l: string, name: string, rest: string, r: string) => {
        const adapter = /adapter\s*=\s*['"](\w+)['"]/.exec(rest)?.[1] ?? 'default';
        return `{%${l} macro materialization_${name}_${adapter}() ${r}%}`;
      },
    )
    .replace(/\{%(-?)\s*endmaterialization\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** The 1-based line where a macro (or test, or materialization) is defined in its file's source. */
export function macroLine(source: string, name: string): number {
  const mat = /^materialization_(\w+)_([a-z0-9]+)$/.exec(name);
  const pattern = mat
    ? `\\{%-?\\s*materialization\\s+${mat[1]}\\s*,`
    : `\\{%-?\\s*(?:macro|test)\\s+${name.replace(/^test_/, '(?:test_)?')}\\s*\\(`;
  const m = new RegExp(pattern).exec(source);
  return m ? lineOf(source, m.index) : 1;
}

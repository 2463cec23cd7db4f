/**
 * SQL with every run of whitespace outside literals, quoted identifiers and
 * comments made one space (and none at either end): two texts that differ
 * only in layout give the same shape, so re-indenting a model rebuilds nothing.
 * Literals ('…', E'…', $tag$…$tag$), "identifiers" and comments are kept as written.
 */
export function sqlShape(sql: string): string {
  let out = '';
  let i = 0;
  let space = false;
  const n = sql.length;
  const push = (text: string) => {
    if (space && out !== '') out += ' ';
    space = false;
    out += text;
  };
  while (i < n) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      space = true;
      i++;
      continue;
    }
    let end = i + 1;
    if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && (i < 2 || !/\w/.test(sql[i - 2]!));
      while (end < n) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") {
          end++;
          break;
        } else end++;
      }
    } else if (ch === '"') {
      while (end < n) {
        if (sql[end] === '"' && sql[end + 1] === '"') end += 2;
        else if (sql[end] === '"') {
          end++;
          break;
        } else end++;
      }
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl < 0 ? n : nl + 1; // the newline ends the comment: kept
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close < 0 ? n : close + 2;
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        end = close < 0 ? n : close + tag[0].length;
      }
    } else {
      while (
        end < n &&
        !/[\s'"$]/.test(sql[end]!) &&
        !(sql[end] === '-' && sql[end + 1] === '-') &&
        !(sql[end] === '/' && sql[end + 1] === '*')
      )
        end++;
    }
    push(sql.slice(i, end));
    i = end;
  }
  return out;
}

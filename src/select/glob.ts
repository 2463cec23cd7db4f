/**
 * Wildcards as dbt uses them: fnmatch for names and values (`*` and `?` match
 * any characters, `[abc]` / `[!abc]` a class), and a path glob for `path:`
 * (`*` and `?` stay within one folder, `**` spans folders). Case-sensitive.
 */

export type Matcher = (text: string) => boolean;

export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** fnmatch: the whole text must match; `*` may cross dots and slashes. */
export function fnmatcher(pattern: string): Matcher {
  if (!hasWildcard(pattern)) return (text) => text === pattern;
  const re = compile(pattern, false);
  return (text) => re.test(text);
}

export function fnmatch(text: string, pattern: string): boolean {
  return fnmatcher(pattern)(text);
}

/** A path glob (relative paths, `/` separated): `*` within a folder, `**` across folders. */
export function pathMatcher(pattern: string): Matcher {
  if (!hasWildcard(pattern)) return (path) => path === pattern;
  const re = compile(pattern, true);
  return (path) => re.test(path);
}

function compile(pattern: string, pathMode: boolean): RegExp {
  const anyChar = pathMode ? '[^/]' : '[\\s\\S]';
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pathMode && pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        if (atSegmentStart && pattern[i + 2] === '/') {
          out += '(?:[^/]+/)*'; // `**/`: zero or more folders
          i += 3;
          continue;
        }
        if (atSegmentStart && i + 2 === pattern.length) {
          out += '[\\s\\S]*';
          i += 2;
          continue;
        }
      }
      out += `${anyChar}*`;
      i++;
    } else if (c === '?') {
      out += anyChar;
      i++;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        i++;
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = end + 1;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, (m) => `\\${m}`);
      i++;
    }
  }
  return new RegExp(`^${out}$`);
}

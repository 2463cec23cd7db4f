import type { ResourceType } from '../parse/types.js';
import { fnmatcher, hasWildcard, pathMatcher, type Matcher } from './glob.js';
import { resultMethod, sourceStatusMethod, stateMethod } from './state-methods.js';
import { collect } from './collect.js';
import { accessMethod, exposureMethod, groupMethod, versionMethod } from './model-methods.js';
import { columnMethod } from './column-method.js';
import type { MethodName, MethodSpec } from './types.js';

export type { MethodSpec, ValueProblem } from './types.js';

export const RESOURCE_TYPES = [
  'model',
  'seed',
  'snapshot',
  'test',
  'unit_test',
  'source',
  'analysis',
  'macro',
  'exposure',
] as const satisfies readonly ResourceType[];

/**
 * dbt's is_selected_node: the leaf name, or a dotted prefix of the fqn; from
 * the first part holding a wildcard on, the rest of the fqn must match the
 * rest of the selector.
 */
function fqnMatcher(selector: string): (fqn: readonly string[]) => boolean {
  const parts = selector.split('.');
  const wild = parts.findIndex(hasWildcard);
  const tail = wild === -1 ? undefined : fnmatcher(parts.slice(wild).join('.'));
  return (fqn) => {
    if (fqn.length === 0) return false;
    if (fqn[fqn.length - 1] === selector) return true;
    // The first part fixed: a fqn whose first segment differs is rejected before it is split (every node is asked).
    if (wild !== 0 && !fqn[0]!.startsWith(parts[0]!)) return false;
    const flat = fqn.flatMap((segment) => segment.split('.'));
    if (flat.length < parts.length) return false;
    const fixed = wild === -1 ? parts.length : wild;
    for (let i = 0; i < fixed; i++) if (flat[i] !== parts[i]) return false;
    return tail === undefined || tail(flat.slice(fixed).join('.'));
  };
}

const fqnMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fqnMatcher(value);
    // Wildcards also match the bare name, so `stg_*` finds models in any folder.
    const leaf: Matcher = hasWildcard(value) ? fnmatcher(value) : () => false;
    return collect(
      ctx,
      // Like dbt, in the node's own package or in any package (fqn without its first part).
      (node) =>
        node.resourceType !== 'source' &&
        node.resourceType !== 'exposure' &&
        (matches(node.fqn) ||
          matches(node.fqn.slice(1)) ||
          leaf(node.name) ||
          // A versioned model (fqn …, m, v1): `m` selects every version, `m.v1` one of them.
          (node.version !== undefined && (value === node.name || value === `${node.name}.${node.fqn.at(-1)}`))),
    );
  },
};

function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

/** The file itself and every folder above it: models/a/b.sql -> [models/a/b.sql, models/a, models]. */
function pathAndParents(file: string): string[] {
  const out = [file];
  let rest = file;
  for (let i = rest.lastIndexOf('/'); i > 0; i = rest.lastIndexOf('/')) {
    rest = rest.slice(0, i);
    out.push(rest);
  }
  return out;
}

const pathMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const pattern = toPosix(value)
      .replace(/^(\.\/)+/, '')
      .replace(/\/+$/, '');
    if (pattern === '' || pattern === '.') return collect(ctx, () => true);
    const matches = pathMatcher(pattern);
    return collect(ctx, (node) => {
      const candidates = pathAndParents(toPosix(node.originalFilePath));
      if (node.patchPath) candidates.push(toPosix(node.patchPath.split('://').pop()!));
      return candidates.some(matches);
    });
  },
};

function baseName(file: string): string {
  return toPosix(file).split('/').pop()!;
}

const fileMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fnmatcher(value);
    return collect(ctx, (node) => {
      const name = baseName(node.originalFilePath);
      const dot = name.lastIndexOf('.');
      return matches(name) || (dot > 0 && matches(name.slice(0, dot)));
    });
  },
};

const tagMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fnmatcher(value);
    return collect(ctx, (node) => (node.config.tags ?? []).some(matches));
  },
};

/** Compares one config value with the selector's value: strings by pattern, booleans as true/false, numbers as text. */
function configValueMatcher(value: string, caseInsensitive: boolean): (actual: unknown) => boolean {
  const text = caseInsensitive ? fnmatcher(value.toUpperCase()) : fnmatcher(value);
  return (actual) => {
    if (typeof actual === 'string') return text(caseInsensitive ? actual.toUpperCase() : actual);
    if (typeof actual === 'boolean') return value.toLowerCase() === String(actual);
    if (typeof actual === 'number' || typeof actual === 'bigint') return value === String(actual);
    return false;
  };
}

/** config.<key>[.<key>…]:value — nested keys descend into objects such as meta. */
const configMethod: MethodSpec = {
  args: 'required',
  search(ctx, value, args) {
    const matches = configValueMatcher(value, args.length === 1 && args[0] === 'severity');
    return collect(ctx, (node) => {
      let actual: unknown = node.config;
      for (const key of args) {
        if (actual === null || typeof actual !== 'object' || !Object.hasOwn(actual, key)) return false;
        actual = (actual as Record<string, unknown>)[key];
      }
      if (Array.isArray(actual)) return actual.some(matches);
      if (actual !== null && typeof actual === 'object') return Object.hasOwn(actual, value);
      return matches(actual);
    });
  },
};

const resourceTypeMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if ((RESOURCE_TYPES as readonly string[]).includes(value)) return undefined;
    return {
      message: `"${value}" is not a resource type`,
      hint: `Use one of: ${RESOURCE_TYPES.join(', ')}.`,
    };
  },
  search(ctx, value) {
    return collect(ctx, (node) => node.resourceType === value);
  },
};

const sourceMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if (value.split('.').length <= 3) return undefined;
    return {
      message: `"${value}" is not a source name`,
      hint: 'Write source:<source>, source:<source>.<table> or source:<package>.<source>.<table>.',
    };
  },
  search(ctx, value) {
    const parts = value.split('.');
    const [pkg, src, table] = parts.length === 3 ? parts : parts.length === 2 ? ['*', ...parts] : ['*', parts[0]!, '*'];
    const [pkgOk, srcOk, tableOk] = [fnmatcher(pkg!), fnmatcher(src!), fnmatcher(table!)];
    return collect(
      ctx,
      (node) =>
        node.resourceType === 'source' && pkgOk(node.packageName) && srcOk(node.sourceName ?? '') && tableOk(node.name),
    );
  },
};

const packageMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fnmatcher(value);
    return collect(ctx, (node) => matches(node.packageName));
  },
};

const TEST_TYPES: Record<string, 'generic' | 'singular' | 'data' | 'unit'> = {
  generic: 'generic',
  schema: 'generic', // dbt's old name
  singular: 'singular',
  data: 'data', // dbt 1.8: every data test, generic and singular (before 1.8 it meant singular)
  unit: 'unit',
};

const testTypeMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if (Object.hasOwn(TEST_TYPES, value)) return undefined;
    return {
      message: `"${value}" is not a test type`,
      hint: 'Use test_type:unit, test_type:data, test_type:generic or test_type:singular.',
    };
  },
  search(ctx, value) {
    const wanted = TEST_TYPES[value];
    if (wanted === 'unit') return collect(ctx, (node) => node.resourceType === 'unit_test');
    return collect(
      ctx,
      (node) =>
        node.resourceType === 'test' && (wanted === 'data' || (node.testMetadata ? 'generic' : 'singular') === wanted),
    );
  },
};

const testNameMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fnmatcher(value);
    return collect(
      ctx,
      (node) => node.resourceType === 'test' && node.testMetadata !== undefined && matches(node.testMetadata.name),
    );
  },
};

export const METHODS: Readonly<Record<MethodName, MethodSpec>> = {
  fqn: fqnMethod,
  tag: tagMethod,
  path: pathMethod,
  file: fileMethod,
  config: configMethod,
  resource_type: resourceTypeMethod,
  source: sourceMethod,
  exposure: exposureMethod,
  group: groupMethod,
  version: versionMethod,
  access: accessMethod,
  package: packageMethod,
  test_type: testTypeMethod,
  test_name: testNameMethod,
  state: stateMethod,
  result: resultMethod,
  source_status: sourceStatusMethod,
  column: columnMethod,
};

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}

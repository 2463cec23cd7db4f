/** Selector methods of dbt's newer node properties: exposures, groups and access, model versions. */
import { collect } from './collect.js';
import { fnmatcher } from './glob.js';
import type { MethodSpec } from './types.js';

/** exposure:<name> or exposure:<package>.<name> (patterns); `+exposure:x` is what the exposure needs. */
export const exposureMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fnmatcher(value);
    return collect(
      ctx,
      (node) => node.resourceType === 'exposure' && (matches(node.name) || matches(`${node.packageName}.${node.name}`)),
    );
  },
};

/** group:<name> and access:<level> (dbt's): models by their group and access configs. */
export const groupMethod: MethodSpec = {
  args: 'none',
  search(ctx, value) {
    const matches = fnmatcher(value);
    return collect(ctx, (node) => typeof node.config.group === 'string' && matches(node.config.group));
  },
};

export const accessMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if (['private', 'protected', 'public'].includes(value)) return undefined;
    return {
      message: `"${value}" is not an access level`,
      hint: 'Use access:private, access:protected or access:public.',
    };
  },
  search(ctx, value) {
    return collect(
      ctx,
      (node) =>
        node.resourceType === 'model' &&
        (typeof node.config.access === 'string' ? node.config.access : 'protected') === value,
    );
  },
};

const VERSION_KINDS = ['latest', 'prerelease', 'old', 'none'];

function compareVersions(a: string | number, b: string | number): number {
  const [x, y] = [Number(a), Number(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? String(a).localeCompare(String(b)) : x - y;
}

/** version:latest|prerelease|old|none — versioned models against their latest_version (dbt's). */
export const versionMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    if (VERSION_KINDS.includes(value)) return undefined;
    return {
      message: `"${value}" is not a version kind`,
      hint: `Use one of: ${VERSION_KINDS.map((k) => `version:${k}`).join(', ')}.`,
    };
  },
  search(ctx, value) {
    return collect(ctx, (node) => {
      if (node.resourceType !== 'model') return false;
      if (node.version === undefined || node.latestVersion === undefined) return value === 'none';
      const c = compareVersions(node.version, node.latestVersion);
      return value === 'latest' ? c === 0 : value === 'prerelease' ? c > 0 : value === 'old' ? c < 0 : false;
    });
  },
};

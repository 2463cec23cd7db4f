import type { Env } from '../config/types.js';
import type { SourceLocation } from '../errors/index.js';
import { downloadJson, fetchError } from './fetch.js';

export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

/** The hub's base URL: DBT_PACKAGE_HUB_URL (dbt's name for it), TSMODEL_HUB_URL, or hub.getdbt.com. */
export function hubUrl(env: Env): string {
  const url = env.DBT_PACKAGE_HUB_URL || env.TSMODEL_HUB_URL || DEFAULT_HUB_URL;
  return url.endsWith('/') ? url : `${url}/`;
}

export interface HubRelease {
  tarball: string;
  /** sha1 of the tarball, when the hub gives it. */
  sha1?: string;
}

export interface HubPackage {
  /** The package's project name (the folder it installs into), e.g. dbt_utils. */
  name: string;
  releases: Record<string, HubRelease>;
}

/**
 * What the hub knows of `owner/name`: GET <hub>/api/v1/<owner>/<name>.json,
 * whose `versions` map each release to `downloads.tarball`.
 */
export async function hubPackage(base: string, pkg: string, at: SourceLocation, entry: string): Promise<HubPackage> {
  const url = `${base}api/v1/${pkg}.json`;
  const raw = (await downloadJson(url, at, entry)) as
    | { name?: string; versions?: Record<string, { name?: string; downloads?: { tarball?: string; sha1?: string } }> }
    | undefined;
  if (raw === undefined)
    throw fetchError(at, entry, `the package hub (${base}) has no package '${pkg}'`, 'Check the owner/name spelling.');
  const releases: Record<string, HubRelease> = {};
  let name = raw.name;
  for (const [version, info] of Object.entries(raw.versions ?? {})) {
    const tarball = info?.downloads?.tarball;
    if (!tarball) continue;
    releases[version] = { tarball, ...(info.downloads?.sha1 ? { sha1: info.downloads.sha1 } : {}) };
    name ??= info.name;
  }
  if (!name) throw fetchError(at, entry, `the package hub's answer for '${pkg}' has no name`, `Check ${url}.`);
  return { name, releases };
}

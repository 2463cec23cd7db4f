import { TsmodelError, type SourceLocation } from '../errors/index.js';
import type { YamlPath } from '../config/yaml.js';
import { emptyParseRecord, parseContext } from '../template/index.js';
import { finalizeConfig } from './node-config.js';
import { contextInputs, templateErrorFor, type ParseEnv } from './sql-node.js';
import type { ExposureInfo, ProjectNode } from './types.js';

/** dbt's exposure types and maturities. */
export const EXPOSURE_TYPES = ['dashboard', 'notebook', 'analysis', 'ml', 'application'] as const;
export const EXPOSURE_MATURITIES = ['low', 'medium', 'high'] as const;

/** An `exposures:` entry of a properties file, checked but not yet rendered. */
export interface ExposureDef {
  name: string;
  info: ExposureInfo;
  description: string;
  /** `ref('x')` / `source('s', 't')` expressions, each with its YAML line. */
  dependsOn: { expr: string; location: SourceLocation }[];
  config: Record<string, unknown>;
  file: string;
  location: SourceLocation;
}

type Locate = (path: YamlPath) => SourceLocation;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

function oneOf(
  exposure: string,
  value: unknown,
  allowed: readonly string[],
  what: string,
  location: SourceLocation,
  errors: TsmodelError[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (allowed.includes(String(value))) return String(value);
  errors.push(
    new TsmodelError(
      'config',
      `exposure '${exposure}': ${what} '${String(value)}' is not one of ${allowed.join(', ')}`,
      {
        location,
        hint: `Write ${what}: ${allowed[0]} (or another of: ${allowed.join(', ')}).`,
      },
    ),
  );
  return undefined;
}

/** Reads `exposures:` of one properties file; problems go to `errors`, the entry is then left out. */
export function parseExposures(list: unknown, file: string, locate: Locate, errors: TsmodelError[]): ExposureDef[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push(new TsmodelError('config', 'exposures: must be a list', { location: locate(['exposures']) }));
    return [];
  }
  const out: ExposureDef[] = [];
  list.forEach((e, i) => {
    const path: YamlPath = ['exposures', i];
    const at = (key: string) => locate([...path, key]);
    if (!isObj(e) || typeof e.name !== 'string' || !/^\w+$/.test(e.name)) {
      errors.push(
        new TsmodelError('config', 'each exposure needs a name made of letters, digits and underscores', {
          location: locate(path),
          hint: 'write "- name: sales_dashboard" (use label: for a display name)',
        }),
      );
      return;
    }
    const before = errors.length;
    const type = oneOf(e.name, e.type, EXPOSURE_TYPES, 'type', at('type'), errors);
    if (e.type === undefined)
      errors.push(
        new TsmodelError('config', `exposure '${e.name}' needs a type`, {
          location: locate(path),
          hint: `add type: with one of ${EXPOSURE_TYPES.join(', ')}`,
        }),
      );
    const owner = isObj(e.owner) ? { name: optStr(e.owner.name), email: optStr(e.owner.email) } : undefined;
    if (!owner || (owner.name === undefined && owner.email === undefined))
      errors.push(
        new TsmodelError('config', `exposure '${e.name}' needs an owner with a name or an email`, {
          location: e.owner === undefined ? locate(path) : at('owner'),
          hint: 'add owner: {name: Jane Doe, email: jane@example.com}',
        }),
      );
    const maturity = oneOf(e.name, e.maturity, EXPOSURE_MATURITIES, 'maturity', at('maturity'), errors);
    const deps = e.depends_on ?? [];
    if (!Array.isArray(deps))
      errors.push(
        new TsmodelError('config', `depends_on of exposure '${e.name}' must be a list`, {
          location: at('depends_on'),
          hint: "write depends_on: [\"ref('orders')\", \"source('raw', 'customers')\"]",
        }),
      );
    if (errors.length > before) return;
    const config: Record<string, unknown> = isObj(e.config) ? { ...e.config } : {};
    if (e.tags !== undefined) config.tags = [...(Array.isArray(config.tags) ? config.tags : []), ...[e.tags].flat()];
    if (isObj(e.meta)) config.meta = { ...e.meta, ...(isObj(config.meta) ? config.meta : {}) };
    out.push({
      name: e.name,
      info: { type: type!, owner: owner!, url: optStr(e.url), maturity, label: optStr(e.label) },
      description: optStr(e.description) ?? '',
      dependsOn: (deps as unknown[]).map((d, j) => ({
        expr: String(d),
        location: locate([...path, 'depends_on', j]),
      })),
      config,
      file,
      location: locate(path),
    });
  });
  return out;
}

/**
 * Exposure nodes: each depends_on entry is rendered in parse mode, so ref() and
 * source() record what the exposure uses (resolved like a model's).
 */
export function exposureNodes(penv: ParseEnv, defs: readonly ExposureDef[], errors: TsmodelError[]): ProjectNode[] {
  const project = penv.projectName;
  return defs.map((d) => {
    const node: ProjectNode = {
      uniqueId: `exposure.${project}.${d.name}`,
      resourceType: 'exposure',
      name: d.name,
      packageName: project,
      path: d.file,
      originalFilePath: d.file,
      fqn: [project, d.name],
      rawCode: '',
      checksum: '',
      config: finalizeConfig('exposure', d.config),
      refs: [],
      sources: [],
      dependsOn: { nodes: [], macros: [] },
      description: d.description,
      columns: {},
      exposure: d.info,
      location: d.location,
    };
    for (const dep of d.dependsOn) {
      const record = emptyParseRecord();
      if (!/^\s*(ref|source)\s*\(/.test(dep.expr)) {
        errors.push(
          new TsmodelError('config', `depends_on of exposure '${d.name}': '${dep.expr}' is not a ref() or source()`, {
            location: dep.location,
            hint: "write \"ref('orders')\" or \"source('raw', 'customers')\"",
          }),
        );
        continue;
      }
      try {
        const text = dep.expr.includes('{{') ? dep.expr : `{{ ${dep.expr} }}`;
        penv.renderer.render(`${d.file}#exposure:${d.name}`, text, parseContext(contextInputs(penv, node), record));
      } catch (err) {
        const e = templateErrorFor(err, d.file);
        errors.push(new TsmodelError(e.code, e.message, { location: dep.location, hint: e.hint }));
        continue;
      }
      for (const r of record.refs) node.refs.push({ ...r, location: dep.location });
      for (const s of record.sources) node.sources.push({ ...s, location: dep.location });
    }
    return node;
  });
}

/**
 * Which parents the last `--defer` run read from another target: the manifest's `defer_relation` on nodes
 * (written by that run, or by dbt). Read defensively: the manifest may be missing, older or dbt's.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** manifest.json → unique id → the relation its refs read ("schema.name", database-qualified when it differs). */
export function readDeferred(manifest: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isObj(manifest) || !isObj(manifest.nodes)) return out;
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (!isObj(node) || !isObj(node.defer_relation)) continue;
    const d = node.defer_relation;
    const schema = str(d.schema);
    const name = str(d.alias) ?? str(d.name);
    if (!schema || !name) continue;
    const db = str(d.database);
    out.set(id, db && db !== str(node.database) ? `${db}.${schema}.${name}` : `${schema}.${name}`);
  }
  return out;
}

import { createHash } from 'node:crypto';

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/**
 * dbt's test name: <test>_<target>_<arguments flattened>, e.g.
 * not_null_customers_customer_id, accepted_values_orders_status__placed__shipped,
 * source_unique_raw_customers_id. Names of 64 characters or more keep 30 and a hash.
 */
export function synthesizeTestName(testType: string, target: string, args: Readonly<Record<string, unknown>>): string {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const v = args[key];
    const parts = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [v];
    flat.push(...parts.map((p) => (p && typeof p === 'object' ? JSON.stringify(p) : String(p))));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testType}_${target}`;
  const full = unique ? `${identifier}_${unique}` : identifier;
  return full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full;
}

/** test.<project>.<name>.<10-character hash of what makes the test distinct>. */
export function testUniqueId(project: string, name: string, distinct: unknown): string {
  return `test.${project}.${name}.${md5(JSON.stringify(distinct)).slice(0, 10)}`;
}

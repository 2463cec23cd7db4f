import type { ProjectNode } from '../parse/types.js';
import { checkCitusModels } from './citus-checks.js';
import {
  declaresForeignKey,
  distributionOf,
  type DialectCheck,
  type Distribution,
  type NodeToCheck,
} from './distribution.js';
import { lit, PostgresDialect, q, rel, type BuildStep, type TableBuildSpec } from './postgres-dialect.js';
import type { Relation } from './types.js';

/** Multi-shard commands of the rest of the transaction go over one connection per node. */
export const SEQUENTIAL = `set local citus.multi_shard_modify_mode to 'sequential'`;

/**
 * The Citus flavour of the PostgreSQL dialect (Citus 13 on PostgreSQL 15+):
 * what differs when the target is a Citus coordinator. Everything else — the
 * swap, constraints, indexes, partitions, snapshots — is PostgreSQL's.
 *
 * - A distributed or reference table is created empty (CREATE TABLE … AS …
 *   WITH NO DATA: a plain CREATE TABLE AS would fill a local table on the
 *   coordinator), distributed (create_distributed_table /
 *   create_reference_table), then loaded with INSERT … SELECT, which Citus
 *   pushes down to the workers when the source is colocated. A partitioned
 *   table is distributed as its parent: the partitions follow.
 * - A distributed table with foreign keys (to reference tables) is built with
 *   its multi-shard commands on one connection per node, or Citus refuses the
 *   ALTER TABLE … ADD FOREIGN KEY after the parallel shard creation.
 * - A snapshot's table is distributed right after its macro creates it, its
 *   query is staged in a temporary table before the comparison, and its
 *   UPDATE … FROM reads a temporary table through a subquery (Citus plans a
 *   bare local table in UPDATE … FROM as "not distributed").
 * - Project checks (citus-checks.ts): keys without the distribution column,
 *   foreign keys Citus can't enforce, MERGE into distributed tables.
 *
 * Models without distributed_by / reference stay local tables on the coordinator.
 */
export class CitusDialect extends PostgresDialect {
  override readonly name: string = 'citus';
  private readonly catalog = new Map<string, ProjectNode>();

  /** `nodes`: the project's nodes, to resolve colocate_with: <model> and to check foreign keys. */
  constructor(nodes: readonly ProjectNode[] = []) {
    super();
    for (const n of nodes) {
      if (n.relation && (n.resourceType === 'model' || n.resourceType === 'snapshot' || n.resourceType === 'seed'))
        this.catalog.set(n.name, n);
    }
  }

  override tableBuildSteps(spec: TableBuildSpec): BuildStep[] {
    const plain = super.tableBuildSteps(spec);
    const dist = distributionOf(spec.node.config);
    if (!dist || (!dist.reference && !dist.column)) return plain;
    const steps: BuildStep[] = [];
    if (!dist.reference && declaresForeignKey(spec.node))
      steps.push({
        sql: SEQUENTIAL,
        label: 'one connection per node (Citus needs it for foreign keys to reference tables)',
      });
    const distribute = { sql: this.distribute(spec.target, dist), label: this.distributeLabel(dist) };
    if (spec.partition || spec.columns) {
      // The table (the partitioned parent and its partitions) is created empty: distribute it before the load.
      steps.push(...plain.slice(0, -1), distribute, plain[plain.length - 1]!);
    } else {
      steps.push(
        { sql: this.createTableShape(spec.target, spec.sql), label: "create the table's columns, no rows" },
        distribute,
        { sql: this.insertQuery(spec.target, spec.sql), label: 'insert rows', countsRows: true },
      );
    }
    return steps;
  }

  override afterCreateTable(node: ProjectNode, target: Relation): string[] {
    const dist = distributionOf(node.config);
    return dist && (dist.reference || dist.column) ? [this.distribute(target, dist)] : [];
  }

  /** Its query may join distributed tables: staged first, the comparison joins a local table with the snapshot. */
  override readonly stagesSnapshotSource: boolean = true;

  override stagedSource(temp: string): string {
    return `(select * from ${q(temp)})`;
  }

  override checkModels(nodes: readonly NodeToCheck[]): DialectCheck {
    return checkCitusModels(nodes, this.catalog);
  }

  /** An empty table with the query's columns. */
  createTableShape(target: Relation, sql: string): string {
    return `create table ${rel(target)} as (\n${sql}\n) with no data`;
  }

  /** INSERT … SELECT of a whole query, its columns in the table's order (the table was made from the same query). */
  insertQuery(target: Relation, sql: string): string {
    return `insert into ${rel(target)}\nselect * from (\n${sql}\n) as tsmodel_subquery`;
  }

  /** create_reference_table / create_distributed_table for an existing, preferably empty, table. */
  distribute(target: Relation, dist: Distribution): string {
    if (dist.reference) return `select create_reference_table(${lit(rel(target))})`;
    const args = [lit(rel(target)), lit(dist.column ?? '')];
    if (dist.colocateWith) args.push(`colocate_with => ${lit(this.colocationTarget(dist.colocateWith))}`);
    if (dist.shardCount !== undefined) args.push(`shard_count => ${Math.trunc(dist.shardCount)}`);
    return `select create_distributed_table(${args.join(', ')})`;
  }

  private distributeLabel(dist: Distribution): string {
    if (dist.reference) return 'make it a reference table (a copy on every node)';
    const colocate = dist.colocateWith ? `, colocated with ${dist.colocateWith}` : '';
    const shards = dist.shardCount !== undefined ? `, ${dist.shardCount} shards` : '';
    return `distribute by ${dist.column}${colocate}${shards}`;
  }

  /** colocate_with: a model's name becomes its relation; none, default and schema.table stay as written. */
  private colocationTarget(name: string): string {
    const node = this.catalog.get(name);
    return node?.relation ? rel(node.relation) : name;
  }
}

/**
 * Contracts that can't hold on Citus are compile errors on a citus target,
 * found before anything runs (tsmodel compile, run and build), every one at
 * once, each naming the model and the rule; other targets ignore the settings.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../api/compile.js';
import { build } from '../api/run.js';
import { projectFixture } from '../api/test-support/project-fixture.js';
import type { PostgresTarget } from '../config/types.js';
import { TsmodelErrors } from '../errors/index.js';
import type { TsmodelEvent } from '../events/index.js';
import { CITUS_RULES } from './citus-checks.js';

const target = (type: 'citus' | 'postgres'): PostgresTarget => ({
  type,
  name: type,
  profileName: 'shop',
  schema: 'main',
  threads: 1,
  retries: 0,
  retryDelayMs: 0,
  host: '127.0.0.1',
  port: 1, // nothing listens: the checks must fail before any connection
  user: 'nobody',
  dbname: 'shop',
  connectTimeoutMs: 500,
  source: 'profile',
});

const sql = (config: string, body = `select 1 as item_id, 'C1' as customer_id, 1 as date_sk`) =>
  `{{ config(${config}) }}\n${body}`;

const GOOD = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/dim_date.sql': sql('reference=true', 'select 1 as date_sk'),
  'models/fact.sql': sql(`distributed_by='customer_id'`),
  'models/agg.sql': sql(
    `distributed_by='customer_id', colocate_with='fact', indexes=[{'columns': ['customer_id'], 'unique': true}]`,
    `select customer_id, count(*) as n from {{ ref('fact') }} group by 1`,
  ),
  'models/lines.sql': sql(`distributed_by='customer_id', colocate_with='fact'`, `select * from {{ ref('fact') }}`),
  'models/local.sql': sql('', 'select 1 as date_sk'),
  'models/view.sql': sql(`materialized='view', reference=true`),
  'models/schema.yml': `version: 2
models:
  - name: dim_date
    columns:
      - {name: date_sk, constraints: [{type: primary_key}]}
  - name: fact
    constraints:
      - {type: primary_key, columns: [item_id, customer_id]}
    columns:
      - {name: date_sk, constraints: [{type: foreign_key, to: "ref('dim_date')", to_columns: [date_sk]}]}
  - name: lines
    constraints:
      - {type: foreign_key, columns: [item_id, customer_id], to: "ref('fact')", to_columns: [item_id, customer_id]}
  - name: local
    columns:
      - {name: date_sk, constraints: [{type: foreign_key, to: "ref('dim_date')", to_columns: [date_sk]}]}
`,
};

const BAD = {
  'project.yml':
    'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\nseeds:\n  shop:\n    +reference: true\n',
  'seeds/codes.csv': 'code\n1\n',
  'models/dim_date.sql': sql('', 'select 1 as date_sk'),
  'models/loc.sql': sql('', 'select 1 as item_id'),
  'models/dim_ref.sql': sql('reference=true', `select 1 as item_id, 'C1' as customer_id`),
  'models/fact.sql': sql(
    `distributed_by='customer_id', partition_by={'field': 'date_sk', 'granularity': 'month'}, ` +
      `indexes=[{'columns': ['item_id'], 'unique': true}]`,
  ),
  'models/other.sql': sql(`distributed_by='item_id', shard_count=4`),
  'models/orders.sql': sql(
    `materialized='incremental', unique_key='item_id', incremental_strategy='merge', distributed_by='customer_id'`,
  ),
  'models/both.sql': sql(`reference=true, distributed_by='customer_id'`),
  'models/stray.sql': sql(`distributed_by='customer_id', colocate_with='fact'`),
  'models/ghost.sql': sql(`distributed_by='customer_id', colocate_with='nope'`),
  'models/snap.sql': sql(`materialized='snapshot', unique_key='customer_id', distributed_by='customer_id'`),
  'models/schema.yml': `version: 2
models:
  - name: fact
    columns:
      - {name: item_id, constraints: [{type: primary_key}]}
      - {name: date_sk, constraints: [{type: foreign_key, to: "ref('dim_date')", to_columns: [date_sk]}]}
    constraints:
      - {type: foreign_key, columns: [item_id], to: "ref('other')", to_columns: [item_id]}
  - name: dim_ref
    columns:
      - {name: item_id, constraints: [{type: foreign_key, to: "ref('fact')", to_columns: [item_id]}]}
  - name: loc
    columns:
      - {name: item_id, constraints: [{type: foreign_key, to: "ref('other')", to_columns: [item_id]}]}
`,
};

const good = projectFixture(GOOD);
const bad = projectFixture(BAD);
afterAll(() => {
  good.dispose();
  bad.dispose();
});

function problems(dir: string): string[] {
  try {
    compile({ projectDir: dir, targetConfig: target('citus'), env: {} });
    return [];
  } catch (err) {
    if (!(err instanceof TsmodelErrors)) throw err;
    return err.errors.map((e) => e.message);
  }
}

describe('Citus checks at compile time', () => {
  const accepted =
    'accept keys with the distribution column, foreign keys to reference tables and between colocated tables, ' +
    'local tables pointing at reference tables';
  it(accepted, () => {
    expect(problems(good.dir)).toEqual([]);
  });

  it('report every contract and setting that cannot hold, naming the model and the rule', () => {
    const found = problems(bad.dir);
    const expected: [string, string][] = [
      ['fact: its primary key (item_id) does not include the distribution column customer_id', CITUS_RULES.key],
      ['fact: its primary key (item_id) does not include the partition column date_sk', CITUS_RULES.partitionKey],
      [
        'fact: its unique index on (item_id) does not include the distribution column customer_id',
        CITUS_RULES.uniqueIndex,
      ],
      [
        'fact: its foreign key (date_sk) → dim_date points to a table local to the coordinator',
        CITUS_RULES.fkFromDistributed,
      ],
      [
        'fact: its foreign key (item_id) → other points to a distributed table without pairing the distribution columns',
        CITUS_RULES.fkFromDistributed,
      ],
      ['dim_ref: its foreign key (item_id) → fact points to a distributed table', CITUS_RULES.fkFromReference],
      ['loc: its foreign key (item_id) → other points to a distributed table', CITUS_RULES.fkFromLocal],
      ["orders: incremental_strategy is 'merge'", CITUS_RULES.merge],
      ['both: it is both a reference table and distributed', CITUS_RULES.config],
      ['stray: it is colocated with fact, which it does not depend on', CITUS_RULES.config],
      ["ghost: colocate_with names 'nope', which is not a model of the project", CITUS_RULES.config],
      [
        "snap: a snapshot's surrogate key is its primary key, which can't include distributed_by (customer_id)",
        CITUS_RULES.config,
      ],
    ];
    for (const [start, rule] of expected) {
      const hit = found.find((m) => m.startsWith(start));
      expect(hit, `${start}\n  in:\n${found.join('\n')}`).toBeDefined();
      expect(hit).toContain(`on Citus, ${rule}`);
    }
    expect(found).toHaveLength(expected.length);
  });

  it('stop build before it connects or loads anything (seeds included)', async () => {
    const err = await build({ projectDir: bad.dir, targetConfig: target('citus'), env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TsmodelErrors);
    const messages = (err as TsmodelErrors).errors.map((e) => e.message);
    expect(messages).toContain(
      `codes: distributed_by / reference apply to models, and this is a seed — on Citus, ${CITUS_RULES.config}`,
    );
    expect(messages).toHaveLength(13);
  });

  it('are a one-line --debug note on other targets', () => {
    const events: TsmodelEvent[] = [];
    compile({
      projectDir: bad.dir,
      targetConfig: target('postgres'),
      env: {},
      events: { emit: (e) => events.push(e) },
    });
    const debug = events
      .filter((e) => e.type === 'log' && e.level === 'debug')
      .map((e) => (e as { message: string }).message);
    expect(debug.filter((m) => m.startsWith('Citus settings'))).toEqual([
      'Citus settings (distributed_by, colocate_with, shard_count, reference) of 8 nodes are ignored: ' +
        'they apply to citus targets only (both, dim_ref, fact, ghost, orders, …)',
    ]);
  });
});

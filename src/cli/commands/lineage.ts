import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { handle } from '../handle.js';

interface LineageArgs extends GlobalArgs {
  column?: string;
}

/** `name.column` of a node id as people write it. */
function shown(id: string, column: string): string {
  return `${id.split('.').slice(2).join('.')}.${column}`;
}

export const lineageCommand: CommandModule<GlobalArgs, LineageArgs> = {
  command: 'lineage',
  describe: "Column-level lineage from PostgreSQL's own parser → target/lineage.json (no database needed)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('column', {
        type: 'string',
        describe: "print one column's upstream columns and the columns computed from it (<model>.<column>)",
      })
      .example('$0 lineage', 'write target/lineage.json')
      .example('$0 lineage --column fact_sales.margin', 'where fact_sales.margin comes from, and where it goes')
      .example('$0 lineage --state prod-target/', 'the downstream columns a change (state:modified) touches')
      .example('$0 ls -s column:production.customers.email+', 'every node that uses customers.email'),
  handler: handle<LineageArgs>(
    async (args, events, io) => {
      const { lineage } = await import('../../api/lineage.js');
      const result = await lineage({ ...projectOptions(args, events), state: args.state });
      if (result.modified) {
        const { nodes, touched } = result.modified;
        io.out(`state:modified: ${nodes.length} node(s); ${touched.length} downstream column(s) computed from them`);
        for (const c of touched) io.out(`  ${shown(c.node, c.column)}`);
      }
      if (!args.column) return 0;
      const dot = args.column.lastIndexOf('.');
      const [model, column] = [args.column.slice(0, dot), args.column.slice(dot + 1)];
      const ids = Object.keys(result.lineage.nodes).filter((id) => id.split('.').slice(2).join('.') === model);
      for (const id of ids) {
        const col = result.lineage.nodes[id]!.columns.find((c) => c.name === column);
        if (!col) continue;
        io.out(
          `${shown(id, column)} ← ${col.upstream.map((u) => `${shown(u.node, u.column)} (${u.kind})`).join(', ') || 'no upstream column'}`,
        );
        for (const reason of col.unknown ?? []) io.out(`  unknown: ${reason}`);
        for (const [childId, entry] of Object.entries(result.lineage.nodes))
          for (const c of entry.columns)
            for (const u of c.upstream)
              if (u.node === id && u.column === column) io.out(`  → ${shown(childId, c.name)} (${u.kind})`);
      }
      return 0;
    },
    undefined,
    { dataOnStdout: true },
  ),
};

import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { handle } from '../handle.js';

interface GenerateArgs extends GlobalArgs {
  scale?: number;
  seed?: number;
  batch?: number;
  out?: string;
  'defect-rate'?: number;
}

export const generateCommand: CommandModule<GlobalArgs, GenerateArgs> = {
  command: 'generate',
  describe: "Write the example project's source CSVs with faker (deterministic; a few per cent dirty on purpose)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('scale', {
        type: 'number',
        default: 1,
        describe: 'size multiplier: 1 = 1,000 customers, 500 products, 10,000 transactions, 30,000 items',
      })
      .option('seed', { type: 'number', default: 42, describe: 'the same seed gives byte-identical files' })
      .option('batch', {
        type: 'number',
        choices: [1, 2],
        default: 1,
        describe: '2 = the next day: changed customers and prices, deletions, new sales (SCD2 history)',
      })
      .option('out', { type: 'string', describe: 'folder to write to (default: the seed folder)' })
      .option('defect-rate', {
        type: 'number',
        default: 0.03,
        describe: 'share of rows given one deliberate defect (0 = clean)',
      })
      .example('$0 generate', 'regenerate seeds/ at scale 1')
      .example('$0 generate --batch 2 && $0 build', 'day two: reload and build, dimensions keep history')
      .example('$0 generate --scale 100 --out /tmp/big', '1M transactions for a benchmark') as Argv<GenerateArgs>,
  handler: handle<GenerateArgs>(async (args, events, io) => {
    const { generate } = await import('../../api/generate.js');
    const { outDir, metadata } = await generate({
      projectDir: args['project-dir'],
      out: args.out,
      scale: args.scale,
      seed: args.seed,
      batch: args.batch as 1 | 2,
      defectRate: args['defect-rate'],
      events,
    });
    const c = metadata.counts;
    const defects = Object.values(metadata.defects).reduce((a, b) => a + b, 0);
    io.out(
      `Wrote ${c.customers} customers, ${c.products} products, ${c.transactions} transactions and ` +
        `${c.transaction_items} line items to ${outDir} (seed ${metadata.seed}, batch ` +
        `${metadata.batch}, ${defects} deliberate defects: see _generation_metadata.json)`,
    );
    return 0;
  }),
};

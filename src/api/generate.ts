import { join, resolve } from 'node:path';
import type { GenerationMetadata } from '../generate/index.js';
import { loadProjectConfig } from '../config/index.js';
import type { EventSink } from '../events/index.js';

export interface GenerateCommandOptions {
  projectDir?: string;
  /** Where to write; default the project's first seed path. */
  out?: string;
  scale?: number;
  seed?: number;
  batch?: 1 | 2;
  defectRate?: number;
  events?: EventSink;
}

/** `tsmodel generate`: the example project's source CSVs (deterministic, streamed, dirty on purpose). */
export async function generate(
  opts: GenerateCommandOptions = {},
): Promise<{ outDir: string; metadata: GenerationMetadata }> {
  let outDir = opts.out ? resolve(opts.out) : undefined;
  if (!outDir) {
    const { config } = loadProjectConfig(opts.projectDir ?? '.');
    outDir = join(config.projectRoot, config.seedPaths[0] ?? 'seeds');
  }
  // Loaded here: faker takes most of a second to import, which no other command should pay.
  const { generate: generateData } = await import('../generate/index.js');
  const metadata = await generateData(
    { outDir, scale: opts.scale, seed: opts.seed, batch: opts.batch, defectRate: opts.defectRate },
    (table, rows) => opts.events?.emit({ type: 'log', level: 'debug', message: `${table}: ${rows} rows written` }),
  );
  return { outDir, metadata };
}

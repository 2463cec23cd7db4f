import { TsmodelError } from '../errors/index.js';
import { incremental } from './incremental.js';
import { snapshot } from './snapshot.js';
import { table } from './table.js';
import type { Materialization } from './types.js';
import { materializedView, view } from './view.js';

/** Ephemeral models are inlined into their dependents as CTEs: nothing to run. */
const ephemeral: Materialization = {
  name: 'ephemeral',
  needsColumns: () => false,
  needsDependents: () => false,
  plan: () => ({ steps: [], verb: 'inlined' }),
};

const BUILTIN: readonly Materialization[] = [view, table, incremental, ephemeral, materializedView, snapshot];

/** Materializations by name; a later registration (a plugin's) replaces a built-in one. */
export class MaterializationRegistry {
  private readonly byName = new Map<string, Materialization>();
  constructor(extra: readonly Materialization[] = []) {
    for (const m of [...BUILTIN, ...extra]) this.byName.set(m.name, m);
  }
  names(): string[] {
    return [...this.byName.keys()];
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  get(name: string, where?: { file: string }): Materialization {
    const m = this.byName.get(name);
    if (!m) {
      throw new TsmodelError('config', `Unknown materialization '${name}'`, {
        location: where,
        hint: `Use one of: ${this.names().join(', ')}.`,
      });
    }
    return m;
  }
  register(m: Materialization): void {
    this.byName.set(m.name, m);
  }
}

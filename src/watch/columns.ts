import { columnLineageOf, loadColumnLineage } from '../api/column-lineage.js';
import { touchedColumns } from '../api/lineage.js';
import type { LoadedProject } from '../api/load.js';
import { toErrorList } from '../errors/index.js';

/** At most this many columns are named in the line; the rest are counted. */
const SHOWN = 12;

/** Loads PostgreSQL's parser once, for `--watch-columns`. */
export function prepareColumnReport(): Promise<void> {
  return loadColumnLineage();
}

/**
 * `--watch-columns`: the line naming the columns downstream of the models a save changed (column lineage of the
 * project as it now is), or undefined when no changed model feeds another's column. Never throws: a model that
 * does not compile is reported by the build itself.
 */
export function columnReport(project: LoadedProject, modified: ReadonlySet<string>): string | undefined {
  const models = [...modified].filter((id) => project.graph.nodes.get(id)?.resourceType === 'model');
  if (models.length === 0) return undefined;
  try {
    const touched = touchedColumns(columnLineageOf(project), models);
    if (touched.length === 0) return undefined;
    const names = touched.map((c) => `${project.graph.nodes.get(c.node)?.name ?? c.node}.${c.column}`);
    const more = names.length > SHOWN ? ` (+${names.length - SHOWN} more)` : '';
    const changed = models.map((id) => project.graph.nodes.get(id)!.name).join(', ');
    return `columns downstream of ${changed}: ${names.slice(0, SHOWN).join(', ')}${more}`;
  } catch (err) {
    return `column lineage unavailable: ${toErrorList(err)[0]?.message ?? String(err)}`;
  }
}

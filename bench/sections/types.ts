import type { BenchContext } from '../lib/context.js';
import type { SectionReport } from '../lib/results.js';

export interface Section {
  name: string;
  title: string;
  /** Set for a section another issue will fill in: why it is not measured yet. */
  pending?: string;
  run?(ctx: BenchContext, report: SectionReport): Promise<void>;
}

import type { EventSink, TsmodelEvent } from '../events/index.js';

/** Live-run noise a rebuild's report leaves out: its summary line says it better. */
const DROPPED = new Set<TsmodelEvent['type']>(['run-start', 'node-start', 'progress', 'run-end']);

/**
 * Orders what a rebuild reports: held back while it runs, then its summary
 * first and the per-node lines (and any errors) after it. Outside a held
 * rebuild (the first build), events pass straight through.
 */
export class RebuildOutput implements EventSink {
  private held?: TsmodelEvent[];

  constructor(private readonly sink: EventSink) {}

  /** Holds events until the next watch summary. */
  hold(): void {
    this.held = [];
  }

  /** Lets held events through without a summary (a rebuild that had nothing to say). */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const h of held) if (!DROPPED.has(h.type)) this.sink.emit(h);
  }

  emit(e: TsmodelEvent): void {
    if (e.type === 'watch') {
      const held = this.held ?? [];
      this.held = undefined;
      this.sink.emit(e);
      for (const h of held) if (!DROPPED.has(h.type)) this.sink.emit(h);
      return;
    }
    if (this.held) this.held.push(e);
    else this.sink.emit(e);
  }
}

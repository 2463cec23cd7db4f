import { Chalk, type ChalkInstance } from 'chalk';
import { formatError } from '../errors/index.js';
import type { EventSink, NodeStatus, TsmodelEvent, WatchSummary } from './types.js';
import { qualityTable } from './quality-table.js';

export interface ConsoleOptions {
  write: (line: string) => void;
  color: boolean;
  quiet?: boolean;
  debug?: boolean;
  /** A TTY: show a progress line while a long statement runs. */
  interactive?: boolean;
}

function time(): string {
  return new Date().toTimeString().slice(0, 8);
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

const STATUS_WORD: Record<NodeStatus, string> = {
  success: 'OK',
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  error: 'ERROR',
  skipped: 'SKIP',
  cancelled: 'CANCEL',
};

/** The dbt-style live log: "3 of 12 START table model production.customers … [RUN]". */
export class ConsoleReporter implements EventSink {
  private readonly c: ChalkInstance;
  constructor(private readonly opts: ConsoleOptions) {
    this.c = new Chalk({ level: opts.color ? 1 : 0 });
  }

  private line(text: string): void {
    this.opts.write(`${this.c.gray(time())}  ${text}`);
  }

  private colorFor(status: NodeStatus): (s: string) => string {
    if (status === 'success' || status === 'pass') return this.c.green;
    if (status === 'warn' || status === 'skipped' || status === 'cancelled') return this.c.yellow;
    return this.c.red;
  }

  emit(e: TsmodelEvent): void {
    const c = this.c;
    switch (e.type) {
      case 'run-start':
        if (!this.opts.quiet)
          this.line(
            `Running ${e.command} on ${e.target}: ${e.nodeCount} node${e.nodeCount === 1 ? '' : 's'}, ` +
              `${e.threads} thread${e.threads === 1 ? '' : 's'}`,
          );
        break;
      case 'node-start':
        if (!this.opts.quiet)
          this.line(
            `${e.index} of ${e.total} START ${e.node.description} ${c.cyan(e.node.relationName ?? e.node.name)} ${c.gray('[RUN]')}`,
          );
        break;
      case 'progress': {
        // In a terminal, a long statement shows it is alive: a line every 5 seconds (never in logs or pipes).
        if (!this.opts.interactive || this.opts.quiet) break;
        const s = Math.round(e.elapsedMs / 1000);
        if (s > 0 && s % 5 === 0) this.line(c.gray(`… ${e.node.relationName ?? e.node.name} still running (${s}s)`));
        break;
      }
      case 'node-end': {
        if (this.opts.quiet && (e.status === 'success' || e.status === 'pass')) break;
        const word = this.colorFor(e.status)(e.label ?? STATUS_WORD[e.status]);
        const ok = e.status === 'success' || e.status === 'pass';
        const count = (e.status === 'warn' || e.status === 'fail') && e.rows !== null ? ` ${e.rows}` : '';
        const detail = ok
          ? `[${e.response ?? 'OK'} in ${secs(e.elapsedMs)}]`
          : `[${e.label ?? e.status.toUpperCase()}${count} in ${secs(e.elapsedMs)}]`;
        const what = e.status === 'success' ? e.message : e.node.description;
        this.line(
          `${e.index} of ${e.total} ${word} ${what} ${c.cyan(e.node.relationName ?? e.node.name)} ${c.gray(detail)}`,
        );
        if (e.status === 'error' || e.status === 'fail') this.opts.write(c.red(indent(e.message)));
        else if (e.status === 'warn') this.opts.write(c.yellow(indent(e.message)));
        break;
      }
      case 'run-end': {
        const n = (k: string) => e.counts[k] ?? 0;
        const total = Object.values(e.counts).reduce((a, b) => a + b, 0);
        this.opts.write('');
        this.line(`Finished in ${secs(e.elapsedMs)}.`);
        if (e.failures.length > 0) {
          this.opts.write(c.red(`\n${e.failures.length} failure${e.failures.length === 1 ? '' : 's'}:`));
          for (const f of e.failures) {
            this.opts.write(c.red(`  ${f.node.resourceType} ${f.node.name}${f.file ? ` (${f.file})` : ''}`));
            this.opts.write(indent(f.message, 4));
          }
          this.opts.write('');
        }
        const summary =
          `PASS=${n('success') + n('pass')} WARN=${n('warn')} ERROR=` +
          `${n('error') + n('fail')} SKIP=${n('skipped')}` +
          `${n('cancelled') ? ` CANCEL=${n('cancelled')}` : ''} TOTAL=${total}`;
        this.opts.write(e.failures.length > 0 ? c.red(`Done. ${summary}`) : c.green(`Done. ${summary}`));
        break;
      }
      case 'watch':
        this.line(watchLine(e.summary, c));
        break;
      case 'quality':
        for (const l of qualityTable(e.summary)) this.opts.write(l.bad ? c.red(l.text) : l.text);
        break;
      case 'log':
        if (e.level === 'debug' && !this.opts.debug) break;
        if (e.level === 'info' && this.opts.quiet) break;
        this.line(
          e.level === 'warn' ? c.yellow(`warning: ${e.message}`) : e.level === 'error' ? c.red(e.message) : e.message,
        );
        break;
      case 'error':
        this.opts.write(c.red(formatError(e.error, { debug: this.opts.debug })));
        break;
    }
  }
}

function names(list: readonly string[], max = 5): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} +${list.length - max} more`;
}

/** "[watch 3] models/orders.sql changed · rebuilt orders, revenue · PASS=2 WARN=0 ERROR=0 · 0.21s" */
export function watchLine(w: WatchSummary, c: ChalkInstance): string {
  const n = (k: string) => w.counts[k] ?? 0;
  const parts: string[] = [];
  if (w.rebuild === 0) parts.push('first build');
  else if (w.reloaded) parts.push(`${names(w.changed, 3)} changed: project reloaded`);
  else parts.push(w.changed.length ? `${names(w.changed, 3)} changed` : 'no project file changed');
  for (const r of w.removed)
    parts.push(`${r.name} left the graph${r.relationName ? ` (${r.relationName} left in the database)` : ''}`);
  if (w.outcome === 'invalid')
    parts.push(c.red(`${w.errors} error${w.errors === 1 ? '' : 's'}, nothing rebuilt; save a fix to retry`));
  else if (w.outcome === 'unchanged') parts.push(c.gray('nothing to rebuild (compiled SQL unchanged)'));
  else {
    parts.push(`rebuilt ${w.rebuilt.length > 12 ? `${w.rebuilt.length} nodes` : names(w.rebuilt)}`);
    const skip = n('skipped') ? ` SKIP=${n('skipped')}` : '';
    const cancel = n('cancelled') ? ` CANCEL=${n('cancelled')}` : '';
    const counts = `PASS=${n('success') + n('pass')} WARN=${n('warn')} ERROR=${n('error') + n('fail')}${skip}${cancel}`;
    parts.push(
      w.outcome === 'built'
        ? c.green(counts)
        : w.outcome === 'cancelled'
          ? c.yellow(`${counts}: cancelled by a newer change`)
          : c.red(counts),
    );
  }
  parts.push(secs(w.elapsedMs));
  return `${c.bold(`[watch ${w.rebuild}]`)} ${parts.join(' · ')}`;
}

function indent(text: string, n = 2): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

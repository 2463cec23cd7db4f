import { iterate } from './methods.js';
import { eq } from './operators.js';
import { Undefined, tuple } from './values.js';

/** Jinja's `loop` variable inside a for loop. */
export class LoopContext {
  index0 = 0;
  private lastChanged: unknown[] | undefined;

  constructor(
    private readonly items: readonly unknown[],
    readonly depth0 = 0,
    /** A recursive loop's renderer: `loop(items)` renders items one level deeper. */
    readonly recurse: ((items: unknown[], depth0: number) => string) | null = null,
  ) {}

  /** `loop(items)` in a recursive loop. */
  call(items: unknown): string {
    if (!this.recurse)
      throw new TypeError("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
    return this.recurse(iterate(items), this.depth0 + 1);
  }

  get length(): number {
    return this.items.length;
  }
  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get depth(): number {
    return this.depth0 + 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : new Undefined('there is no previous item');
  }
  get nextitem(): unknown {
    return this.index0 < this.items.length - 1 ? this.items[this.index0 + 1] : new Undefined('there is no next item');
  }
  cycle(...args: unknown[]): unknown {
    if (args.length === 0) throw new TypeError('no items for cycling given');
    return args[this.index0 % args.length];
  }
  changed(...value: unknown[]): boolean {
    const v = tuple(value);
    if (this.lastChanged !== undefined && eq(this.lastChanged, v)) return false;
    this.lastChanged = v;
    return true;
  }
  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}

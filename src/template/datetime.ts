/**
 * dbt's run_started_at is a Python datetime (UTC): templates print it, and call
 * strftime() or isoformat() on it. This prints as the ISO timestamp it was
 * made from and offers those methods.
 */
export class TemplateDateTime {
  private readonly date: Date;
  constructor(private readonly iso: string) {
    this.date = new Date(iso);
  }

  get year(): number {
    return this.date.getUTCFullYear();
  }
  get month(): number {
    return this.date.getUTCMonth() + 1;
  }
  get day(): number {
    return this.date.getUTCDate();
  }
  get hour(): number {
    return this.date.getUTCHours();
  }
  get minute(): number {
    return this.date.getUTCMinutes();
  }
  get second(): number {
    return this.date.getUTCSeconds();
  }

  /** Python's strftime for the common directives (%Y %m %d %H %M %S %f %y %j %z %Z %%), in UTC. */
  strftime(format: unknown): string {
    const d = this.date;
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const dayOfYear =
      Math.floor(
        (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
          86_400_000,
      ) + 1;
    const fields: Record<string, string> = {
      Y: String(d.getUTCFullYear()),
      y: pad(d.getUTCFullYear() % 100),
      m: pad(d.getUTCMonth() + 1),
      d: pad(d.getUTCDate()),
      H: pad(d.getUTCHours()),
      M: pad(d.getUTCMinutes()),
      S: pad(d.getUTCSeconds()),
      f: pad(d.getUTCMilliseconds() * 1000, 6),
      j: pad(dayOfYear, 3),
      z: '+0000',
      Z: 'UTC',
      '%': '%',
    };
    return String(format).replace(/%([a-zA-Z%])/g, (m, c: string) => fields[c] ?? m);
  }

  isoformat(): string {
    return this.strftime('%Y-%m-%dT%H:%M:%S.%f+00:00');
  }

  toString(): string {
    return this.iso;
  }
}

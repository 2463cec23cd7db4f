import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { sha256 } from '../project/index.js';
import { snapshotBlocks } from './snapshot-blocks.js';

const file = (contents: string) => ({
  path: 'snapshots/s.sql',
  root: 'snapshots',
  relPath: 's.sql',
  contents,
  checksum: sha256(contents),
});

describe('snapshotBlocks', () => {
  it('reads blocks whose names are identifiers in any script', () => {
    const blocks = snapshotBlocks(
      file(
        '{% snapshot orders_snap %}select 1{% endsnapshot %}\n\n{%- snapshot 顧客_2 -%}\nselect 2\n{%- endsnapshot -%}\n',
      ),
    );
    expect(blocks.map((b) => [b.name, b.line])).toEqual([
      ['orders_snap', 1],
      ['顧客_2', 3],
    ]);
  });

  it.each([
    ['a name that is not an identifier', 'select 0\n\n{% snapshot my-snap %}select 1{% endsnapshot %}\n', 3],
    ['no endsnapshot', '{% snapshot a %}select 1{% endsnapshot %}\n{% snapshot b %}\nselect 2\n', 2],
  ])('refuses %s at its line instead of leaving the snapshot out', (_what, text, line) => {
    let err: unknown;
    try {
      snapshotBlocks(file(text));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsmodelError);
    expect((err as TsmodelError).location).toEqual({ file: 'snapshots/s.sql', line });
    expect((err as TsmodelError).message).toMatch(/can't be read/);
  });
});

import { describe, expect, it } from 'vitest';
import { snapshotFileWithoutBlock } from './snapshot-files.js';

const file = (contents: string) => ({
  path: 'snapshots/s.sql',
  root: 'snapshots',
  relPath: 's.sql',
  contents,
  checksum: '',
});

describe('snapshotFileWithoutBlock', () => {
  it('warns about SQL in a snapshot file with no snapshot block (nothing in it is built)', () => {
    expect(snapshotFileWithoutBlock(file('select * from customers\n'))).toEqual({
      message: 'snapshots/s.sql has no {% snapshot name %} … {% endsnapshot %} block: nothing in it is built',
      location: { file: 'snapshots/s.sql', line: 1 },
    });
  });

  it('says nothing about blocks, an empty file or one with only comments', () => {
    expect(snapshotFileWithoutBlock(file('{% snapshot a %}select 1{% endsnapshot %}'))).toBeUndefined();
    expect(snapshotFileWithoutBlock(file('{%- snapshot b -%}\nselect 2\n'))).toBeUndefined(); // an error elsewhere
    expect(snapshotFileWithoutBlock(file(''))).toBeUndefined();
    expect(snapshotFileWithoutBlock(file('{# later #}\n-- nothing yet\n'))).toBeUndefined();
  });
});

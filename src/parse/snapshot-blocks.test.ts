import { describe, expect, it } from 'vitest';
import type { ProjectFile } from '../project/index.js';
import { snapshotBlocks, snapshotFileProblem } from './snapshot-blocks.js';

const file = (contents: string): ProjectFile => ({
  path: 'snapshots/s.sql',
  root: 'snapshots',
  relPath: 's.sql',
  contents,
  checksum: '',
});
const problem = (contents: string) => snapshotFileProblem(file(contents), snapshotBlocks(file(contents)));

describe('snapshotFileProblem: what would make a snapshot file build nothing without a word', () => {
  it('a block that is never closed, at its line', () => {
    expect(problem('-- dims\n{% snapshot s %}\nselect 1\n')).toEqual({
      kind: 'unclosed',
      message: "snapshot 's' is never closed: its {% snapshot %} has no {% endsnapshot %}",
      line: 2,
    });
    expect(problem('{% snapshot a %}select 1{% endsnapshot %}\n{%- snapshot b -%}\nselect 2')).toMatchObject({
      kind: 'unclosed',
      line: 2,
    });
  });

  it('SQL with no snapshot block at all (a warning: nothing in it is built)', () => {
    expect(problem('select * from customers\n')).toEqual({
      kind: 'none',
      message: 'snapshots/s.sql has no {% snapshot name %} … {% endsnapshot %} block: nothing in it is built',
      line: 1,
    });
  });

  it('nothing to say about closed blocks, an empty file or one with only comments', () => {
    expect(problem('{% snapshot a %}select 1{% endsnapshot %}\n{% snapshot b %}select 2{% endsnapshot %}')).toBe(
      undefined,
    );
    expect(problem('')).toBeUndefined();
    expect(problem('{# later #}\n-- nothing yet\n')).toBeUndefined();
  });
});

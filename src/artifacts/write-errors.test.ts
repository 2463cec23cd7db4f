import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { logFileWriter, writeProjectFile } from './write.js';

// /dev/full answers every write with ENOSPC: a real full disk, without mounting one.
describe.runIf(existsSync('/dev/full'))('an artifact or log write on a full disk', () => {
  it('names the file and says what to do', () => {
    let caught: unknown;
    try {
      writeProjectFile('/dev', 'full', '{"results": []}\n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TsmodelError);
    const e = caught as TsmodelError;
    expect(e.message).toBe('Could not write /dev/full: the disk is full (ENOSPC)');
    expect(e.hint).toMatch(/^Free some space on the disk holding \/dev \(or set target-path/);
  });

  it('does the same for the pipeline log', () => {
    const write = logFileWriter('/dev', 'full');
    expect(() => write('{"event": "run-start"}')).toThrow('Could not write /dev/full: the disk is full (ENOSPC)');
  });

  it('does the same for the pipeline log held open for a run, and still closes it', () => {
    const write = logFileWriter('/dev', 'full');
    write.hold();
    expect(() => write('{"event": "run-start"}')).toThrow('Could not write /dev/full: the disk is full (ENOSPC)');
    expect(() => write('{"event": "run-end"}')).toThrow('Could not write /dev/full: the disk is full (ENOSPC)');
    write.release();
  });
});

import type { CommandModule } from 'yargs';
import { clean } from '../../api/index.js';
import type { GlobalArgs } from '../context.js';
import { handle } from '../handle.js';

export const cleanCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'clean',
  describe: 'Delete the folders listed in clean-targets (default: target/)',
  handler: handle((args, _events, io) => {
    const removed = clean({ projectDir: args['project-dir'] });
    io.out(removed.length ? `Removed ${removed.join(', ')}` : 'Nothing to clean');
    return 0;
  }),
};

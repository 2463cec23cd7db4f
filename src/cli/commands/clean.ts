import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { handle } from '../handle.js';

export const cleanCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'clean',
  describe: 'Delete the folders listed in clean-targets (default: target/)',
  handler: handle(async (args, _events, io) => {
    const { clean } = await import('../../api/clean.js');
    const removed = clean({ projectDir: args['project-dir'] });
    io.out(removed.length ? `Removed ${removed.join(', ')}` : 'Nothing to clean');
    return 0;
  }),
};

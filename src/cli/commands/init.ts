import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { handle } from '../handle.js';

interface InitArgs extends GlobalArgs {
  name: string;
}

export const initCommand: CommandModule<GlobalArgs, InitArgs> = {
  command: 'init <name>',
  describe: 'Create a new project in ./<name>',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('name', {
        type: 'string',
        demandOption: true,
        describe: 'project name (letters, digits, underscores)',
      })
      .example('$0 init my_shop', 'scaffold ./my_shop') as Argv<InitArgs>,
  handler: handle<InitArgs>(async (args, _events, io) => {
    const { init } = await import('../../api/init.js');
    const { dir, files } = init({ name: args.name });
    io.out(`Created ${dir} with ${files.filter((f) => !f.endsWith('.gitkeep')).join(', ')}`);
    io.out(`Next: cd ${args.name} && tsmodel run`);
    return 0;
  }),
};

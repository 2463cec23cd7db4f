import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { handle } from '../handle.js';

interface DepsArgs extends GlobalArgs {
  upgrade?: boolean;
}

export const depsCommand: CommandModule<GlobalArgs, DepsArgs> = {
  command: 'deps',
  describe: 'Install the packages of packages.yml (or dependencies.yml) into dbt_packages/, following package-lock.yml',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('upgrade', {
        type: 'boolean',
        describe: 'resolve packages.yml again, ignoring package-lock.yml, and write a new lock',
      })
      .example('$0 deps', 'install (or re-install) the locked packages')
      .example('$0 deps --upgrade', 'pick the newest releases the version ranges allow') as Argv<DepsArgs>,
  handler: handle<DepsArgs>(async (args, events, io) => {
    const { deps } = await import('../../api/deps.js');
    const result = await deps({ projectDir: args['project-dir'], upgrade: args.upgrade, events });
    if (result.mode === 'none') {
      io.out('No packages to install (no packages.yml or dependencies.yml, or an empty one)');
      return 0;
    }
    for (const p of result.packages)
      io.out(`${p.reused ? 'Kept' : 'Installed'} ${p.name} from ${p.entry}${p.reused ? ' (already installed)' : ''}`);
    io.out(
      `${result.packages.length} package${result.packages.length === 1 ? '' : 's'} in ${result.installPath}/` +
        (result.mode === 'lock' ? ' (as package-lock.yml says)' : '; package-lock.yml written'),
    );
    return 0;
  }),
};

import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { handle } from '../handle.js';

interface ServeArgs extends GlobalArgs {
  port?: number;
  host?: string;
  regenerate?: boolean;
}

const generateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'generate',
  describe: 'Write target/docs/index.html: lineage graph, a page per node, quality overview (one self-contained file)',
  handler: handle(async (args, events) => {
    const { docsGenerate } = await import('../../api/docs.js');
    await docsGenerate(projectOptions(args, events));
    return 0;
  }),
};

const serveCommand: CommandModule<GlobalArgs, ServeArgs> = {
  command: 'serve',
  describe: 'Serve target/docs on localhost (generating it first when missing)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('port', { type: 'number', default: 8080, describe: 'port to listen on (0: any free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('regenerate', { type: 'boolean', default: false, describe: 'generate the page again before serving' }),
  handler: handle<ServeArgs>(async (args, events, io) => {
    const { docsServe } = await import('../../api/docs.js');
    const server = await docsServe({
      ...projectOptions(args, events),
      port: args.port,
      host: args.host,
      regenerate: args.regenerate,
    });
    io.out(`Serving the docs at ${server.url}  (Ctrl-C to stop)`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  }),
};

export const docsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'docs',
  describe: "The project's documentation site: docs generate, docs serve",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(generateCommand)
      .command(serveCommand)
      .demandCommand(1, 'Name a docs command: generate or serve.')
      .example('$0 docs generate', 'write target/docs/index.html')
      .example('$0 docs serve --port 8081', 'browse it at http://127.0.0.1:8081/') as Argv<GlobalArgs>,
  handler: () => {},
};

export { main, buildCli, withGlobals } from './main.js';
export { exitCodeForError, exitCodeForRun, EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED } from './exit-code.js';

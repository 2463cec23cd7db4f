// Copies the non-TypeScript files the engine reads at run time into dist/: the built-in macros, and
// the PGlite worker thread's script (plain JavaScript, see src/adapters/pglite-session.ts).
import { cpSync } from 'node:fs';

cpSync('src/template/macros', 'dist/template/macros', { recursive: true });
cpSync('src/adapters/pglite-worker.mjs', 'dist/adapters/pglite-worker.mjs');
cpSync('src/adapters/sync-pg-worker.mjs', 'dist/adapters/sync-pg-worker.mjs');

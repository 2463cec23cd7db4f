// Copies the non-TypeScript files the engine reads at run time into dist/ (or the folder given, as the bench's
// build of the CLI does): the built-in macros, and the PGlite worker thread's script (plain JavaScript, see
// src/adapters/pglite-session.ts).
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'dist';
cpSync('src/template/macros', join(out, 'template/macros'), { recursive: true });
cpSync('src/adapters/pglite-worker.mjs', join(out, 'adapters/pglite-worker.mjs'));
cpSync('src/adapters/sync-pg-worker.mjs', join(out, 'adapters/sync-pg-worker.mjs'));

// Copies the non-TypeScript files the engine reads at run time (built-in macros) into dist/.
import { cpSync } from 'node:fs';

cpSync('src/template/macros', 'dist/template/macros', { recursive: true });

export { readProjectFiles, listFiles, sha256, type ProjectFile, type ProjectFiles, type SeedFile } from './read.js';

export { readProjectFiles, listFiles, sha256, type ProjectFile, type ProjectFiles, type SeedFile } from './read.js';
export { parseCsv, sampleCsv, openCsvStream, type CsvFormat, type CsvSample } from './csv.js';
export { readTextFile, findNotText, type NotText } from './text.js';
export { CsvNullCounter, type CsvCounts, type CsvCountFormat } from './csv-counts.js';

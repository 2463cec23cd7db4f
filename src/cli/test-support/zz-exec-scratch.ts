import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.argv[2]!);
const sql = readFileSync(process.argv[3]!, 'utf8');
if (process.argv[4] === 'q') console.log(JSON.stringify((await db.query(sql)).rows)); else await db.exec(sql);
await db.close();

// The PGlite database, run in a worker thread (see pglite-session.ts).
//
// PGlite executes PostgreSQL as WebAssembly on the thread that calls it, and a
// statement holds that thread until it ends. Here it holds this worker's
// thread only: the main thread keeps handling Ctrl-C / SIGTERM, and can stop
// this thread (Worker.terminate) in the middle of a statement, which to
// PostgreSQL is a crash: the next open replays the WAL and the unfinished
// transaction is rolled back.
//
// Plain JavaScript (not TypeScript) so that it runs as is under node, tsx,
// vitest and from dist/. Messages in: { id, op: 'query'|'exec'|'batch'|'dump'|'close',
// sql, params, blob, statements }; workerData.image, a dump to start an in-memory database from. Messages out:
// { type: 'ready' } | { type: 'failed', error } once, then { id, result } | { id, error } per request.
// { op: 'sync-channel', port, flag } adds the synchronous channel of sync-channel.ts: templates' queries,
// answered while the main thread waits.
import { Blob } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { URL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;

/** The fields of a PGlite (or any) error that survive the trip to the main thread. */
function plainError(err) {
  const e = typeof err === 'object' && err !== null ? err : { message: String(err) };
  const out = { message: String(e.message ?? e) };
  for (const k of ['code', 'detail', 'hint', 'where', 'position', 'severity', 'errno', 'syscall', 'path'])
    if (e[k] !== undefined && e[k] !== null) out[k] = typeof e[k] === 'object' ? String(e[k]) : e[k];
  return out;
}

function plainResult(r) {
  return {
    rows: r.rows,
    fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    affectedRows: r.affectedRows,
    command: r.command,
    rowCount: r.rowCount,
  };
}

/** Dates and times stay PostgreSQL's text (as Python prints them); int8 and numeric too, read by the caller. */
const AS_TEXT = Object.fromEntries([20, 1082, 1083, 1114, 1184, 1266, 1700].map((oid) => [oid, (x) => x]));

function arrayResult(r) {
  return {
    fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rows: r.rows,
    command: r.command ?? '',
    rowCount: r.rowCount ?? (r.command === 'SELECT' ? r.rows.length : null),
  };
}

/** A template's query. Inside a transaction another caller opened, a savepoint keeps a failure from aborting it. */
async function syncQuery(m) {
  const options = { rowMode: 'array', parsers: AS_TEXT };
  const nested = db.isInTransaction();
  if (nested) await db.exec('SAVEPOINT tsmodel_template');
  try {
    const res = m.several ? (await db.exec(m.sql, options)).at(-1) : await db.query(m.sql, [], options);
    if (nested) await db.exec('RELEASE SAVEPOINT tsmodel_template');
    return arrayResult(res ?? { fields: [], rows: [], command: '' });
  } catch (err) {
    if (nested) await db.exec('ROLLBACK TO SAVEPOINT tsmodel_template; RELEASE SAVEPOINT tsmodel_template');
    throw err;
  }
}

function raise(word) {
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
}

function serveSync(syncPort, flag) {
  const word = new Int32Array(flag);
  process.once('exit', () => {
    Atomics.store(word, 0, 2);
    Atomics.notify(word, 0);
  });
  syncPort.on('message', async (m) => {
    let reply;
    try {
      if (m.op === 'close') {
        await db.close();
        reply = { result: null };
      } else reply = { result: await syncQuery(m) };
    } catch (err) {
      reply = { error: plainError(err) };
    }
    syncPort.postMessage(reply);
    raise(word);
  });
}

/** PGlite, its compiled WebAssembly and its file-system bundle: what PGlite.create would load itself. */
async function loadPglite(entry) {
  const { PGlite } = await import(entry);
  const [wasm, bundle] = await Promise.all([
    readFile(new URL('pglite.wasm', entry)).then((bytes) => globalThis.WebAssembly.compile(bytes)),
    readFile(new URL('pglite.data', entry)),
  ]);
  return { PGlite, preloaded: { pgliteWasmModule: wasm, fsBundle: new Blob([bundle]) } };
}

// A warm worker (pglite-warm.ts) loads PGlite before it knows what to open, then waits for { op: 'open', path, image };
// if loading that way fails, PGlite.create loads its files itself.
const loading = loadPglite(workerData.entry).catch(() => undefined);
const start = workerData.warm ? await new Promise((resolve) => port.once('message', resolve)) : workerData;

let db;
let openError;
try {
  const loaded = await loading;
  const { PGlite } = loaded ?? (await import(workerData.entry));
  const image = start.image ? { loadDataDir: new Blob([start.image]) } : {};
  db = await PGlite.create(start.path, { ...loaded?.preloaded, ...image });
  port.postMessage({ type: 'ready' });
} catch (err) {
  openError = plainError(err);
  port.postMessage({ type: 'failed', error: openError });
}

// Opened for a synchronous caller only (sync-pglite.ts): its channel says whether the database is ready.
if (workerData.sync) {
  const { port: syncPort, flag } = workerData.sync;
  if (db) serveSync(syncPort, flag);
  syncPort.postMessage(db ? { result: 'ready' } : { error: openError });
  raise(new Int32Array(flag));
}

if (db) {
  port.on('message', async (m) => {
    try {
      if (m.op === 'sync-channel') {
        serveSync(m.port, m.flag);
        return;
      }
      if (m.op === 'close') {
        await db.close();
        port.postMessage({ id: m.id, result: null });
        port.close();
        return;
      }
      if (m.op === 'dump') {
        const bytes = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
        port.postMessage({ id: m.id, result: bytes }, [bytes.buffer]);
        return;
      }
      if (m.op === 'exec') {
        const results = await db.exec(m.sql);
        port.postMessage({ id: m.id, result: results.map(plainResult) });
        return;
      }
      if (m.op === 'batch') {
        // Each statement in turn, in this one request; a failure names its index and ends the batch.
        const results = [];
        for (const [index, sql] of m.statements.entries()) {
          try {
            const rs = await db.exec(sql);
            results.push(rs.length ? plainResult(rs[rs.length - 1]) : null);
          } catch (err) {
            port.postMessage({ id: m.id, error: { ...plainError(err), batchIndex: index } });
            return;
          }
        }
        port.postMessage({ id: m.id, result: results });
        return;
      }
      const options = m.blob ? { blob: new Blob([m.blob]) } : undefined;
      const res = await db.query(m.sql, m.params ?? [], options);
      port.postMessage({ id: m.id, result: plainResult(res) });
    } catch (err) {
      port.postMessage({ id: m.id, error: plainError(err) });
    }
  });
}

// The PostgreSQL side of templates' synchronous queries (see sync-pg.ts and sync-channel.ts).
//
// A template renders on the main thread and cannot await, so its query is posted here and the main
// thread waits on a shared flag: this thread runs it on its own pg connection (opened on the first
// query, application_name tsmodel-template, with the target's statement_timeout), posts the reply,
// then raises the flag. Plain JavaScript so that it runs as is under node, tsx, vitest and from dist/.
// workerData: { port, flag, config }. Messages in: { sql } | { op: 'close' }; out: { result } | { error }.
import pg from 'pg';
import { workerData } from 'node:worker_threads';

const { port, flag, config } = workerData;
const word = new Int32Array(flag);

/** Dates and times stay PostgreSQL's text (as Python prints them); int8 and numeric too, read by the caller. */
const AS_TEXT = new Set([20, 1082, 1083, 1114, 1184, 1266, 1700]);
const types = {
  getTypeParser: (oid, format) => (AS_TEXT.has(oid) ? (x) => x : pg.types.getTypeParser(oid, format)),
};

function plainError(err) {
  const e = typeof err === 'object' && err !== null ? err : { message: String(err) };
  const out = { message: String(e.message ?? e) };
  for (const k of ['code', 'detail', 'hint', 'where', 'position', 'severity', 'errno', 'syscall'])
    if (e[k] !== undefined && e[k] !== null) out[k] = typeof e[k] === 'object' ? String(e[k]) : e[k];
  return out;
}

let connecting;
function connection() {
  connecting ??= (async () => {
    const client = new pg.Client({ ...config, types });
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (err) {
      connecting = undefined;
      throw err;
    }
    return client;
  })();
  return connecting;
}

async function answer(m) {
  if (m.op === 'close') {
    const client = await connecting?.catch(() => undefined);
    await client?.end().catch(() => {});
    return { result: null };
  }
  const client = await connection();
  const res = await client.query({ text: m.sql, rowMode: 'array' });
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  return {
    result: {
      fields: (last?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      rows: last?.rows ?? [],
      command: last?.command ?? '',
      rowCount: last?.rowCount ?? null,
    },
  };
}

process.once('exit', () => {
  Atomics.store(word, 0, 2);
  Atomics.notify(word, 0);
});

port.on('message', async (m) => {
  let reply;
  try {
    reply = await answer(m);
  } catch (err) {
    reply = { error: plainError(err) };
  }
  port.postMessage(reply);
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
});

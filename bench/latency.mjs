// Latency benchmark: "describe the work_orders table" through the official TypeScript MCP SDK client, sequentially,
// dbwarden (HTTP and stdio) against DBHub (HTTP and stdio) and the reference server (stdio only: it has no HTTP).
// Each server answers with its closest equivalent operation; writes bench/results/latency.md.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  ROOT, WORK, captureTail, freePort, log, median, ms, percentile, start, stop, waitForLine, writeResult,
} from './lib/common.mjs';
import { dropDemoDb, ensureDemoDb } from './lib/demo-db.mjs';
import { dbhubHttp, dbwardenHttp, stdioServers } from './lib/servers.mjs';

const CALLS = Number(process.env.BENCH_LATENCY_CALLS ?? 500);
const WARMUP = Number(process.env.BENCH_LATENCY_WARMUP ?? 50);
// Timed calls go in blocks, round-robin over the servers, so that load from elsewhere on a shared machine (a test
// suite, a build) lands on every server alike instead of on whichever series happened to run at the time.
const BLOCK = Number(process.env.BENCH_LATENCY_BLOCK ?? 25);
// A run past this is reported with the calls it completed rather than left to run on.
const DEADLINE_MS = 10 * 60_000;
const TABLE = 'work_orders';
// A column of work_orders: every reply must contain it, which rules out an empty or wrong answer being timed.
const EXPECT = 'crew_id';

const OPS = {
  dbwarden: {
    op: `tools/call describe_object {"name":"${TABLE}"}`,
    call: (c) => c.callTool({ name: 'describe_object', arguments: { name: TABLE } }),
    text: (r) => r.content.map((x) => x.text ?? '').join(''),
  },
  dbhub: {
    op: `tools/call search_objects {"object_type":"table","pattern":"${TABLE}","schema":"public","detail_level":"full"}`,
    call: (c) => c.callTool({ name: 'search_objects', arguments: { object_type: 'table', pattern: TABLE, schema: 'public', detail_level: 'full' } }),
    text: (r) => r.content.map((x) => x.text ?? '').join(''),
  },
  reference: {
    op: 'resources/read of the table schema resource',
    // The URI comes from resources/list (see resolveReferenceUri), as a client would find it.
    call: (c, uri) => c.readResource({ uri }),
    text: (r) => r.contents.map((x) => x.text ?? '').join(''),
  },
};

async function connect(transport) {
  const client = new Client({ name: 'dbwarden-bench', version: '1' });
  await client.connect(transport, { timeout: 60_000 });
  return client;
}

async function resolveReferenceUri(client) {
  const { resources } = await client.listResources();
  const hit = resources.find((r) => r.uri.split('/').slice(-2)[0] === TABLE);
  if (!hit) throw new Error(`reference server lists no resource for ${TABLE}`);
  return hit.uri;
}

/** Starts an HTTP server and connects a client; close() stops both. */
async function openHttp(spec) {
  const child = start(spec.cmd, spec.args, { cwd: WORK });
  const tail = captureTail(child);
  try {
    await waitForLine(child, spec.ready, 90_000);
    const client = await connect(new StreamableHTTPClientTransport(new URL(spec.endpoint)));
    return {
      client,
      tail: () => tail.text,
      close: async () => {
        try { await client.close(); } finally { await stop(child); }
      },
    };
  } catch (e) {
    await stop(child);
    e.message += `; server stderr: ${tail.text.slice(-1500)}`;
    throw e;
  }
}

/** Lets the SDK spawn a stdio server, as an MCP client would; close() closes stdin and reaps it. */
async function openStdio(server) {
  const transport = new StdioClientTransport({ command: server.cmd, args: server.args, cwd: WORK, stderr: 'pipe' });
  let tail = '';
  transport.stderr?.on('data', (d) => { tail = (tail + d.toString()).slice(-1500); });
  // The SDK owns this child; on an abnormal exit of the driver it must not outlive us.
  const reap = () => { try { if (transport.pid) process.kill(transport.pid, 'SIGTERM'); } catch { /* gone */ } };
  process.once('exit', reap);
  const close = async () => {
    // SDK 1.x closes stdin, waits up to 2 s, then signals; reap() covers a JVM still stopping after that.
    try { await client?.close(); } finally { reap(); process.removeListener('exit', reap); }
  };
  let client;
  try {
    client = await connect(transport);
    return { client, tail: () => tail, close };
  } catch (e) {
    await close();
    e.message += `; server stderr: ${tail}`;
    throw e;
  }
}

// dbwarden checks a schema fingerprint on every call (CatalogCache), so that query is a floor under its latency; timing
// it alone on the same database shows how much of a describe_object call it is.
const FINGERPRINT_SQL = path.join(ROOT, 'src', 'main', 'resources', 'io', 'dbwarden', 'catalog', 'fingerprint.sql');

async function fingerprintCost(url) {
  if (!existsSync(FINGERPRINT_SQL)) return null;
  const sql = readFileSync(FINGERPRINT_SQL, 'utf8');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 10; i++) await client.query(sql);
    const times = [];
    for (let i = 0; i < 100; i++) {
      const t0 = process.hrtime.bigint();
      await client.query(sql);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times;
  } finally {
    await client.end();
  }
}

async function main() {
  const url = ensureDemoDb();
  const stdio = Object.fromEntries(stdioServers(url).map((s) => [s.key, s]));
  const dbwSpec = dbwardenHttp(url, await freePort());
  const hubSpec = dbhubHttp(url, await freePort());
  const plan = [
    { label: 'dbwarden', transport: 'Streamable HTTP', op: OPS.dbwarden, open: () => openHttp(dbwSpec), shown: dbwSpec.shown },
    { label: 'DBHub', transport: 'Streamable HTTP', op: OPS.dbhub, open: () => openHttp(hubSpec), shown: hubSpec.shown },
    { label: 'reference server', transport: 'stdio', op: OPS.reference, open: () => openStdio(stdio.reference), shown: stdio.reference.shown, needsUri: true },
    { label: 'dbwarden', transport: 'stdio', op: OPS.dbwarden, open: () => openStdio(stdio['dbwarden-launcher']), shown: stdio['dbwarden-launcher'].shown },
    { label: 'DBHub', transport: 'stdio', op: OPS.dbhub, open: () => openStdio(stdio.dbhub), shown: stdio.dbhub.shown },
  ];
  for (const p of plan) {
    p.name = `${p.label} (${p.transport})`;
    p.times = [];
    p.errors = 0;
  }
  const failures = [];
  let fingerprint = null;
  try {
    // All servers stay up for the whole run; idle ones cost nothing measurable, and it allows the interleaving.
    for (const p of plan) {
      try {
        p.conn = await p.open();
        p.arg = p.needsUri ? await resolveReferenceUri(p.conn.client) : undefined;
        const first = await p.op.call(p.conn.client, p.arg);
        const text = p.op.text(first);
        if (first.isError || !text.includes(EXPECT)) {
          throw new Error(`the first reply is an error or does not mention ${TABLE}.${EXPECT}: ${text.slice(0, 300)}`);
        }
        p.bytes = Buffer.byteLength(text);
        for (let i = 1; i < WARMUP; i++) await p.op.call(p.conn.client, p.arg);
        log(`${p.name}: up, ${WARMUP} warm-up calls done`);
      } catch (e) {
        failures.push(`- ${p.name}: ${e.message.slice(0, 1200)}`);
        log(`${p.name} failed: ${e.message}`);
        await p.conn?.close().catch(() => {});
        p.conn = null;
      }
    }
    const live = plan.filter((p) => p.conn);
    const deadline = Date.now() + DEADLINE_MS;
    for (let done = 0; done < CALLS && Date.now() < deadline; done += BLOCK) {
      const n = Math.min(BLOCK, CALLS - done);
      for (const p of live) {
        for (let i = 0; i < n; i++) {
          const t0 = process.hrtime.bigint();
          const r = await p.op.call(p.conn.client, p.arg);
          p.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (r.isError) p.errors++;
        }
      }
      if ((done + n) % 100 === 0) log(`${done + n}/${CALLS} calls per server`);
    }
    for (const p of live) log(`${p.name}: p50 ${ms(median(p.times), 2)} ms, p99 ${ms(percentile(p.times, 99), 2)} ms over ${p.times.length} calls`);
    try {
      fingerprint = await fingerprintCost(url);
    } catch (e) {
      log(`fingerprint timing failed: ${e.message}`);
    }
  } finally {
    for (const p of plan) await p.conn?.close().catch(() => {});
    dropDemoDb();
  }

  const rows = plan.map((p) => (p.times.length
    ? [p.label, p.transport, p.arg ? `${p.op.op}: \`${p.arg}\`` : p.op.op, `${p.times.length}${p.errors ? ` (${p.errors} errors)` : ''}`,
      ms(median(p.times), 2), ms(percentile(p.times, 90), 2), ms(percentile(p.times, 99), 2), ms(Math.min(...p.times), 2),
      ms(Math.max(...p.times), 1), p.bytes.toLocaleString('en-US')]
    : [p.label, p.transport, p.op.op, 'failed', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']));
  const by = Object.fromEntries(plan.map((p) => [p.name, p.times]));
  const beats = (a, b) => {
    if (!by[a]?.length || !by[b]?.length) return 'n/a';
    const p50 = median(by[a]) < median(by[b]);
    const p99 = percentile(by[a], 99) < percentile(by[b], 99);
    return p50 && p99 ? 'yes' : p50 ? 'at p50 only' : p99 ? 'at p99 only' : 'NO';
  };
  const verdict = [
    `Target: dbwarden beats both peers (at p50 and p99). dbwarden HTTP vs DBHub HTTP: ${beats('dbwarden (Streamable HTTP)', 'DBHub (Streamable HTTP)')};`,
    `dbwarden stdio vs reference server stdio: ${beats('dbwarden (stdio)', 'reference server (stdio)')};`,
    `dbwarden stdio vs DBHub stdio: ${beats('dbwarden (stdio)', 'DBHub (stdio)')}.`,
  ].join(' ');

  writeResult('latency', {
    title: 'tools/call latency: describe one table',
    intro: [
      'Calls through the official TypeScript SDK client (`Client` with `StreamableHTTPClientTransport` or',
      '`StdioClientTransport`), one at a time. All five servers are started and warmed up first',
      `(${WARMUP} untimed calls each); then ${CALLS} timed calls per server are made in blocks of ${BLOCK}, round-robin`,
      'over the servers, so background load on the machine is shared out evenly. Times are client-side wall time per',
      'request; percentiles by nearest rank. Database: dbwarden\'s demo database loaded into the PG 15 server as',
      '`dbw_bench_demo`; the table is `public.work_orders`. Each server is asked for its closest equivalent of',
      'describing one table: the operation column says which; the reply sizes show how much each returns.',
    ].join(' '),
    sections: [
      {
        heading: 'Results (milliseconds)',
        table: { header: ['server', 'transport', 'operation', 'calls', 'p50', 'p90', 'p99', 'min', 'max', 'reply bytes'], rows },
        after: [
          verdict,
          '',
          '- dbwarden `describe_object` returns columns, constraints, indexes, foreign keys both ways, policies, triggers, grants and size.',
          '- DBHub `search_objects` with `detail_level: "full"` returns columns (name, type, nullable, default) and indexes, and a row count.',
          '- The reference server has only a `query` tool and one resource per table (`postgres://…/<table>/schema`) holding',
          '  column names and data types from information_schema (one query); it is the only describe-like operation it offers.',
          ...(failures.length ? ['', 'Failures:', ...failures] : []),
        ].join('\n'),
      },
      ...(fingerprint ? [{
        heading: 'Where dbwarden\'s time goes',
        text: [
          'dbwarden answers from its cached catalog, but first checks that the schema has not changed with one fingerprint query',
          '(src/main/resources/io/dbwarden/catalog/fingerprint.sql) inside a read-only transaction. That query alone, through the',
          `\`pg\` client on one open connection, 100 times after 10 untimed: p50 ${ms(median(fingerprint), 2)} ms,`,
          `p90 ${ms(percentile(fingerprint, 90), 2)} ms, min ${ms(Math.min(...fingerprint), 2)} ms.`,
        ].join(' '),
      }] : []),
    ],
    commands: plan.map((p) => p.shown),
  });
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
}).then(() => process.exit(process.exitCode ?? 0));

// Monitor benchmark: how long a DDL commit takes to reach an MCP client as a notification from dbwarden's schema
// monitor (event-trigger capture, and the polling fallback), and how many queries the monitor sends while nothing
// changes. Uses the official TypeScript SDK client over Streamable HTTP and `pg` for the DDL; writes
// bench/results/monitor.md.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  LAUNCHER, PG_HOST, ROOT, PG_PORT, PG_USER, captureTail, freePort, log, median, ms, onInterrupt, percentile, psqlValue, sleep,
  start, stop, table, waitForLine, writeResult,
} from './lib/common.mjs';
import { startWireTap } from './lib/pg-wire-tap.mjs';

const CHANGES = Number(process.env.BENCH_MONITOR_CHANGES ?? 200);
const WARMUP = Number(process.env.BENCH_MONITOR_WARMUP ?? 10);
const POLL_CHANGES = Number(process.env.BENCH_MONITOR_POLL_CHANGES ?? 30);
const BREAKDOWN_CHANGES = Number(process.env.BENCH_MONITOR_BREAKDOWN ?? 30);
const IDLE_S = Number(process.env.BENCH_MONITOR_IDLE_S ?? 60);
const SPACING_MS = 50;
const FAST_POLL_MS = 1000;
// ConfigLoader's default for monitor.poll_interval_ms (DBWARDEN_MONITOR_POLL_INTERVAL_MS).
const DEFAULT_POLL_MS = 5000;
const TARGET_P99_MS = 200;
const CHANGE_TIMEOUT_MS = 10_000;
// The monitor starts in the background once the server is up; schema_monitor is asked until it reports the mode.
const CAPTURE_WAIT_MS = 30_000;
// Time for start-up work (first check, table resources, pool connections) to finish before an idle window opens.
const SETTLE_MS = 10_000;
// PostgreSQL 15 flushes a backend's counters to pg_stat_database at most once a second, so each reading is taken this
// long after its window edge (both edges alike, so the counted span is the window's length).
const STATS_LAG_MS = 1_000;
const DEADLINE_MS = 30 * 60_000;

const ET_DB = 'dbw_bench_monitor_et';
const POLL_DB = 'dbw_bench_monitor_poll';
const TABLE_URI = 'dbwarden://table/public.t';
const pgArgs = ['-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER];
const startedAt = performance.now();

function dbUrl(db, port = PG_PORT) {
  return `postgres://${PG_USER}@${PG_HOST}:${port}/${db}`;
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5 * 60_000, ...opts });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? ''}${r.stderr ?? ''}${r.stdout ?? ''}`);
  return r.stdout;
}

function freshDb(name) {
  sh('dropdb', [...pgArgs, '--if-exists', '--force', name]);
  sh('createdb', [...pgArgs, name]);
  psqlValue('create table public.t (id int primary key, note text)', name);
}

function dropDbs() {
  if (process.env.BENCH_KEEP_DBS === '1') return;
  for (const db of [ET_DB, POLL_DB]) {
    try {
      sh('dropdb', [...pgArgs, '--if-exists', '--force', db]);
    } catch (e) {
      log(`could not drop ${db}: ${e.message}`);
    }
  }
}

/** The environment dbwarden runs with: none of the caller's DBWARDEN_* settings (an HTTP token, another poll interval). */
function baseEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DBWARDEN_') && k !== 'DATABASE_URL'));
  return { ...env, ...extra };
}

function installCapture(url, project) {
  sh(LAUNCHER, ['install', '--apply', '--db', url, '--project', project],
    { cwd: project, env: baseEnv({ DBWARDEN_ALLOW_WRITES: 'true' }), timeout: 3 * 60_000 });
  const triggers = psqlValue("select count(*) from pg_event_trigger where evtname in ('dbwarden_ddl_command_end', 'dbwarden_sql_drop')",
    url.split('/').pop());
  if (triggers !== '2') throw new Error(`dbwarden install --apply left ${triggers} of 2 event triggers`);
}

// ---- the MCP side -----------------------------------------------------------------------------------------------

/** Notifications as they arrive, with their receipt time; take() waits for the first one matching. */
function makeInbox() {
  const items = [];
  const waiters = new Set();
  return {
    push(ev) {
      items.push(ev);
      for (const w of waiters) w();
    },
    clear() {
      items.length = 0;
    },
    async take(pred, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const i = items.findIndex(pred);
        if (i >= 0) return items.splice(i, 1)[0];
        const left = deadline - performance.now();
        if (left <= 0) return null;
        await new Promise((resolve) => {
          const done = () => { clearTimeout(timer); waiters.delete(done); resolve(); };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
    },
  };
}

/** Starts `dbwarden serve --http` on url and connects an SDK client with both notification handlers set. */
async function openServer({ url, project, env = {} }) {
  const port = await freePort();
  const args = ['serve', '--http', '--port', String(port), '--db', url, '--project', project];
  const child = start(LAUNCHER, args, { cwd: project, env: baseEnv({ DBWARDEN_ALLOW_WRITES: 'false', ...env }) });
  const tail = captureTail(child, 'stderr', 8000);
  let client;
  try {
    await waitForLine(child, /serving MCP at/, 90_000);
    const inbox = makeInbox();
    client = new Client({ name: 'dbwarden-bench-monitor', version: '1' });
    client.setNotificationHandler(LoggingMessageNotificationSchema,
      (n) => inbox.push({ t: performance.now(), kind: 'log', data: n.params.data }));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema,
      (n) => inbox.push({ t: performance.now(), kind: 'resource', uri: n.params.uri }));
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)), { timeout: 60_000 });
    const connectedAt = performance.now();
    return {
      child, client, inbox, port, connectedAt, tail: () => tail.text,
      close: async () => {
        try { await client.close(); } catch { /* the server may be gone */ } finally { await stop(child); }
      },
    };
  } catch (e) {
    try { await client?.close(); } catch { /* ignore */ }
    await stop(child);
    e.message += `; server stderr: ${tail.text.slice(-2000)}`;
    throw e;
  }
}

/**
 * Calls schema_monitor {alert_on_changes: true} (which subscribes this session to alerts) until its reply reports the
 * wanted capture mode; returns how long after the client connected that was.
 */
async function waitForCapture(session, want) {
  let last = '';
  const t0 = performance.now();
  while (performance.now() - t0 < CAPTURE_WAIT_MS) {
    const r = await session.client.callTool({ name: 'schema_monitor', arguments: { alert_on_changes: true } });
    last = r.content.map((c) => c.text ?? '').join('');
    if (r.isError) throw new Error(`schema_monitor failed: ${last.slice(0, 600)}`);
    if (last.match(/"capture"\s*:\s*"([^"]*)"/)?.[1] === want) return performance.now() - session.connectedAt;
    await sleep(250);
  }
  throw new Error(`schema_monitor still does not report capture "${want}" after ${CAPTURE_WAIT_MS} ms: ${last.slice(0, 600)}`);
}

/** resources/subscribe to the table; false (with the reason logged) if the server refuses. */
async function subscribeTable(session) {
  try {
    await session.client.subscribeResource({ uri: TABLE_URI });
    return true;
  } catch (e) {
    log(`resources/subscribe ${TABLE_URI} failed: ${e.message}`);
    return false;
  }
}

// ---- the changes ------------------------------------------------------------------------------------------------

/** Change k of a cycle of three on one new column: add it, comment on it, drop it. */
function change(k) {
  const c = `c${Math.floor(k / 3)}`;
  switch (k % 3) {
    case 0: return { kind: 'add column', sql: `alter table public.t add column ${c} int`, expect: `added column public.t.${c}` };
    case 1: return { kind: 'comment on column', sql: `comment on column public.t.${c} is 'change ${k}'`, expect: `altered column public.t.${c}` };
    default: return { kind: 'drop column', sql: `alter table public.t drop column ${c}`, expect: `dropped column public.t.${c}` };
  }
}

/** Whether a schema_monitor alert (data: a JSON string) lists the change; each entry's first line names it. */
function alertMentions(data, expect) {
  let obj = data;
  if (typeof data === 'string') {
    try { obj = JSON.parse(data); } catch { return data.includes(expect); }
  }
  const changes = Array.isArray(obj?.changes) ? obj.changes : [];
  return changes.some((c) => String(c).split('\n')[0] === expect);
}

/**
 * Runs count changes one at a time: the DDL (autocommit) through pg, the clock started when the query resolves (the
 * COMMIT has returned), stopped at the logging notification naming the change and at the resources/updated
 * notification for the table. jitterMs adds a random pause before each change (for polling, so the changes do not
 * lock onto the poll timer).
 */
async function runChanges(session, ddl, cursor, { count, subscribed, jitterMs = 0, label }) {
  const out = [];
  let resourceMisses = 0;
  let misses = 0;
  for (let i = 0; i < count && performance.now() - startedAt < DEADLINE_MS; i++) {
    const ch = change(cursor.k++);
    if (jitterMs) await sleep(Math.random() * jitterMs);
    session.inbox.clear();
    await ddl.query(ch.sql);
    const t0 = performance.now();
    const alert = await session.inbox.take((e) => e.kind === 'log' && alertMentions(e.data, ch.expect), CHANGE_TIMEOUT_MS);
    // The server sends resources/updated before the log message; a short wait covers either order.
    const res = subscribed.on ? await session.inbox.take((e) => e.kind === 'resource' && e.uri === TABLE_URI, alert ? 2_000 : 100) : null;
    out.push({ ...ch, t0, tAlert: alert?.t, alert: alert ? alert.t - t0 : null, resource: res ? res.t - t0 : null });
    if (!alert) {
      misses++;
      log(`${label}: no alert for "${ch.expect}" within ${CHANGE_TIMEOUT_MS} ms`);
      if (misses >= 5) throw new Error(`${label}: ${misses} changes without an alert; server stderr: ${session.tail().slice(-1500)}`);
    }
    if (subscribed.on && !res && ++resourceMisses >= 3 && out.every((r) => r.resource == null)) {
      log(`${label}: no resources/updated for ${TABLE_URI} after 3 changes; not waiting for it any more`);
      subscribed.on = false;
      subscribed.why = `no notifications/resources/updated for ${TABLE_URI} arrived after resources/subscribe`;
    }
    if ((i + 1) % 50 === 0) log(`${label}: ${i + 1}/${count}`);
    await sleep(SPACING_MS);
  }
  return out;
}

// The polling monitor's query, as the sources have it (the jar under test was built from them).
const FINGERPRINT_SQL = path.join(ROOT, 'src', 'main', 'resources', 'io', 'dbwarden', 'catalog', 'fingerprint.sql');
const squash = (sql) => sql.replace(/\s+/g, ' ').trim();
const fingerprintText = existsSync(FINGERPRINT_SQL) ? squash(readFileSync(FINGERPRINT_SQL, 'utf8')) : null;
function isFingerprint(text) {
  return fingerprintText === null ? /fingerprint/i.test(text) : squash(text) === fingerprintText;
}

// ---- idle load --------------------------------------------------------------------------------------------------

function xacts(dbs) {
  const rows = psqlValue(`select datname || ' ' || xact_commit || ' ' || xact_rollback from pg_stat_database where datname in (${dbs.map((d) => `'${d}'`).join(', ')})`);
  const out = {};
  for (const line of rows.split('\n').filter(Boolean)) {
    const [db, c, r] = line.split(' ');
    out[db] = { commit: Number(c), rollback: Number(r) };
  }
  return out;
}

/**
 * One idle window of IDLE_S seconds: pg_stat_database's commit + rollback deltas of dbs (read from the postgres
 * database, STATS_LAG_MS after each edge) and, with a tap, the statements and connections dbwarden sent through it.
 */
async function idleWindow(dbs, tap) {
  const t0 = performance.now();
  await sleep(STATS_LAG_MS);
  const x0 = xacts(dbs);
  await sleep(Math.max(0, t0 + IDLE_S * 1000 - performance.now()));
  const t1 = performance.now();
  await sleep(STATS_LAG_MS);
  const x1 = xacts(dbs);
  const seconds = (t1 - t0) / 1000;
  const delta = Object.fromEntries(dbs.map((d) => [d, {
    commit: x1[d].commit - x0[d].commit, rollback: x1[d].rollback - x0[d].rollback,
  }]));
  let wire = null;
  if (tap) {
    const evs = tap.between(t0, t1);
    const statements = evs.filter((e) => e.kind === 'statement');
    const byText = new Map();
    for (const s of statements) {
      const text = s.text.replace(/\s+/g, ' ').trim();
      const key = `${s.app || '?'}: ${text ? text.slice(0, 90) : '"" (empty query, as JDBC isValid sends)'}`;
      byText.set(key, (byText.get(key) ?? 0) + 1);
    }
    wire = {
      statements: statements.length,
      fingerprints: statements.filter((st) => st.app === 'dbwarden-monitor' && isFingerprint(st.text)).length,
      opened: evs.filter((e) => e.kind === 'open').length,
      closed: evs.filter((e) => e.kind === 'close').length,
      byText: [...byText.entries()].sort((a, b) => b[1] - a[1]),
      openConnections: tap.connections.filter((c) => c.openedAt < t1 && (c.closedAt === null || c.closedAt >= t1)).map((c) => c.app || '?'),
    };
  }
  return { seconds, delta, wire };
}

// ---- where the time goes ----------------------------------------------------------------------------------------

/**
 * For changes made while dbwarden talked to PostgreSQL through the tap: commit → NOTIFY reaches dbwarden's LISTEN
 * connection → dbwarden's first query of the check → its last reply from PostgreSQL → the MCP alert.
 */
function breakdown(results, tap) {
  const rows = [];
  for (const r of results) {
    if (r.tAlert == null) continue;
    // The listening backend can get its NOTIFY out before the committing one's reply reaches pg, so the search starts
    // a little before the commit returned (the previous change's traffic ended at least SPACING_MS earlier).
    const evs = tap.between(r.t0 - SPACING_MS / 2, r.tAlert + 0.001);
    const notify = evs.find((e) => e.kind === 'notify');
    if (!notify) continue;
    const after = evs.filter((e) => e.t >= notify.t);
    const first = after.find((e) => e.kind === 'statement');
    const ready = after.filter((e) => e.kind === 'ready').pop();
    if (!first || !ready) continue;
    rows.push({
      notify: notify.t - r.t0,
      wake: first.t - notify.t,
      db: ready.t - first.t,
      rest: r.tAlert - ready.t,
      total: r.tAlert - r.t0,
      statements: after.filter((e) => e.kind === 'statement').length,
      texts: after.filter((e) => e.kind === 'statement').map((e) => `${e.app}: ${e.text.replace(/\s+/g, ' ').trim().slice(0, 70)}`),
    });
  }
  return rows;
}

// ---- output -----------------------------------------------------------------------------------------------------

function stats(xs) {
  const v = xs.filter((x) => x != null);
  return v.length ? [v.length, ms(median(v)), ms(percentile(v, 90)), ms(percentile(v, 99)), ms(Math.max(...v)), ms(Math.min(...v))]
    : [0, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
}

function latencyRows(mode, results, subscribed) {
  const alerts = results.map((r) => r.alert);
  const missed = alerts.filter((x) => x == null).length;
  const rows = [[mode, '`notifications/message` (schema_monitor alert)', ...stats(alerts), missed]];
  rows.push([mode, `\`notifications/resources/updated\` (${TABLE_URI})`,
    ...(subscribed.on || results.some((r) => r.resource != null) ? [...stats(results.map((r) => r.resource)), results.filter((r) => r.resource == null).length]
      : ['not measured', '', '', '', '', '', subscribed.why ?? ''])]);
  return rows;
}

/** Whether an idle window met its target, by the wire count (exact) when there is one. */
function idleVerdict(idle, maxPerMinute) {
  if (!idle?.wire) return 'not measured';
  const rate = perMinute(idle.wire.statements, idle.seconds);
  const fingerprintOnly = idle.wire.fingerprints === idle.wire.statements;
  const ok = rate <= maxPerMinute + 1e-9 && (maxPerMinute === 0 || fingerprintOnly);
  return `${ok ? 'yes' : 'NO'} (${idle.wire.statements} statements in ${ms(idle.seconds, 1)} s${maxPerMinute && !fingerprintOnly ? ', not only the fingerprint' : ''})`;
}

function perMinute(n, seconds) {
  return (n * 60) / seconds;
}

async function main() {
  onInterrupt(dropDbs);
  const projects = [];
  const project = (name) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `dbw-bench-monitor-${name}-`));
    projects.push(dir);
    return dir;
  };
  const removeProjects = () => { for (const d of projects) rmSync(d, { recursive: true, force: true }); };
  onInterrupt(removeProjects);

  const etProject = project('et');
  const pollProject = project('poll');
  const etCursor = { k: 0 };
  const pollCursor = { k: 0 };
  const r = { failures: [] };
  let session = null;
  let ddl = null;
  let tap = null;
  const openDdl = async (db) => {
    const c = new pg.Client({ connectionString: dbUrl(db) });
    c.on('error', (e) => log(`pg client: ${e.message}`));
    await c.connect();
    return c;
  };
  const closeSession = async () => { const s = session; session = null; await s?.close(); };
  const closeDdl = async () => { const c = ddl; ddl = null; await c?.end().catch(() => {}); };

  try {
    // 1. Event-trigger capture, direct connection: latency of 200 changes.
    log(`creating ${ET_DB} and installing capture`);
    freshDb(ET_DB);
    installCapture(dbUrl(ET_DB), etProject);
    session = await openServer({ url: dbUrl(ET_DB), project: etProject });
    r.etReadyMs = await waitForCapture(session, 'event-trigger');
    r.etSubscribed = { on: await subscribeTable(session) };
    log(`event-trigger capture ready ${ms(r.etReadyMs, 0)} ms after connecting; ${WARMUP} warm-up changes, then ${CHANGES}`);
    ddl = await openDdl(ET_DB);
    await runChanges(session, ddl, etCursor, { count: WARMUP, subscribed: r.etSubscribed, label: 'event-trigger warm-up' });
    r.et = await runChanges(session, ddl, etCursor, { count: CHANGES, subscribed: r.etSubscribed, label: 'event-trigger' });
    log(`event-trigger: alert p50 ${ms(median(r.et.map((x) => x.alert).filter((x) => x != null)))} ms, p99 ${ms(percentile(r.et.map((x) => x.alert).filter((x) => x != null), 99))} ms`);
    await closeSession();

    // 2. The same server through the wire tap: where a change's time goes, then an idle minute.
    tap = await startWireTap({ host: PG_HOST, port: PG_PORT });
    session = await openServer({ url: dbUrl(ET_DB, tap.port), project: etProject });
    await waitForCapture(session, 'event-trigger');
    const tapSubscribed = { on: await subscribeTable(session) };
    await runChanges(session, ddl, etCursor, { count: 3, subscribed: tapSubscribed, label: 'tapped warm-up' });
    r.tapped = await runChanges(session, ddl, etCursor, { count: BREAKDOWN_CHANGES, subscribed: tapSubscribed, label: 'tapped' });
    r.breakdown = breakdown(r.tapped, tap);
    await closeDdl();
    log(`idle window, event-trigger mode (${IDLE_S} s after ${SETTLE_MS / 1000} s to settle)`);
    await sleep(SETTLE_MS);
    r.etIdle = await idleWindow([ET_DB], tap);
    await closeSession();

    // 3. Polling fallback (no capture): latency at a 1 s interval.
    log(`creating ${POLL_DB} (no capture)`);
    freshDb(POLL_DB);
    session = await openServer({ url: dbUrl(POLL_DB), project: pollProject, env: { DBWARDEN_MONITOR_POLL_INTERVAL_MS: String(FAST_POLL_MS) } });
    r.pollReadyMs = await waitForCapture(session, 'polling');
    r.pollSubscribed = { on: await subscribeTable(session) };
    ddl = await openDdl(POLL_DB);
    await runChanges(session, ddl, pollCursor, { count: 3, subscribed: r.pollSubscribed, jitterMs: FAST_POLL_MS, label: 'polling warm-up' });
    r.poll = await runChanges(session, ddl, pollCursor, { count: POLL_CHANGES, subscribed: r.pollSubscribed, jitterMs: FAST_POLL_MS, label: 'polling' });
    await closeDdl();
    await closeSession();

    // 4. Polling at the default interval through the tap: an idle minute.
    session = await openServer({ url: dbUrl(POLL_DB, tap.port), project: pollProject });
    await waitForCapture(session, 'polling');
    log(`idle window, polling mode at the default ${DEFAULT_POLL_MS} ms`);
    await sleep(SETTLE_MS);
    r.pollIdle = await idleWindow([POLL_DB], tap);
    await closeSession();

    // 5. The same window with no dbwarden and no client on either database: what PostgreSQL itself counts there.
    log('baseline idle window, dbwarden stopped');
    await sleep(SETTLE_MS);
    r.baseline = await idleWindow([ET_DB, POLL_DB], null);
  } catch (e) {
    r.failures.push(e.message.slice(0, 2000));
    log(`failed: ${e.stack ?? e.message}`);
  } finally {
    await closeSession().catch(() => {});
    await closeDdl();
    await tap?.close();
    dropDbs();
    removeProjects();
  }

  report(r, tap);
  if (r.failures.length) process.exitCode = 1;
}

function report(r, tap) {
  const sections = [];
  const latencyHeader = ['capture', 'notification', 'changes', 'p50', 'p90', 'p99', 'max', 'min', 'missed'];
  const et = r.et ?? [];
  const etAlerts = et.map((x) => x.alert).filter((x) => x != null);
  const p99 = percentile(etAlerts, 99);
  const verdict = etAlerts.length
    ? `Target: p99 under ${TARGET_P99_MS} ms with event-trigger capture: ${p99 < TARGET_P99_MS ? `yes (p99 ${ms(p99)} ms)` : `NO (p99 ${ms(p99)} ms, ${ms(p99 - TARGET_P99_MS)} ms over)`}.`
    : 'Target: p99 under 200 ms with event-trigger capture: not measured.';
  const byKind = ['add column', 'comment on column', 'drop column'].map((kind) => {
    const xs = et.filter((x) => x.kind === kind).map((x) => x.alert).filter((x) => x != null);
    return [kind, xs.length, ms(median(xs)), ms(percentile(xs, 90)), ms(percentile(xs, 99)), ms(xs.length ? Math.max(...xs) : NaN)];
  });
  sections.push({
    heading: 'Event-trigger capture: DDL commit to MCP notification (milliseconds)',
    text: [
      `Database \`${ET_DB}\` (fresh; one table \`public.t\`), capture installed with \`dbwarden install --apply\`.`,
      `The monitor reported \`"capture": "event-trigger"\` ${r.etReadyMs != null ? `${ms(r.etReadyMs, 0)} ms` : 'n/a'} after the client connected.`,
      `${WARMUP} untimed changes, then ${CHANGES} timed ones, each ${SPACING_MS} ms after the previous one's notifications, cycling`,
      '`alter table public.t add column cN int`, `comment on column public.t.cN is \'…\'`, `alter table public.t drop column cN`.',
      'The clock starts when the autocommit DDL query resolves in `pg` (the COMMIT has returned) and stops when the SDK',
      'client\'s handler receives the notification: the `notifications/message` alert whose `changes` name the change',
      `(e.g. \`added column public.t.c7\`), and \`notifications/resources/updated\` for \`${TABLE_URI}\` after`,
      '`resources/subscribe`. Percentiles by nearest rank.',
    ].join(' '),
    table: { header: latencyHeader, rows: et.length ? latencyRows('event-trigger', et, r.etSubscribed ?? { on: false }) : [] },
    after: [
      verdict,
      '',
      table(['DDL', 'changes', 'alert p50', 'p90', 'p99', 'max'], byKind),
    ].join('\n'),
  });

  if (r.breakdown?.length) {
    const b = r.breakdown;
    const seg = (f) => [ms(median(b.map(f))), ms(percentile(b.map(f), 90)), ms(Math.max(...b.map(f)))];
    const sample = b[Math.floor(b.length / 2)];
    sections.push({
      heading: 'Where the time goes',
      text: [
        `A second run on the same database (${b.length} changes after 3 untimed) with dbwarden connected to PostgreSQL through`,
        '`bench/lib/pg-wire-tap.mjs`, a relay on 127.0.0.1 that timestamps each message: the NOTIFY reaching dbwarden\'s LISTEN',
        'connection, dbwarden\'s queries and PostgreSQL\'s ReadyForQuery replies. The relay adds a little to each round trip, so',
        'its total is slightly above the direct run\'s.',
      ].join(' '),
      table: {
        header: ['step', 'p50', 'p90', 'max'],
        rows: [
          ['commit returned → NOTIFY reaches dbwarden\'s LISTEN connection', ...seg((x) => x.notify)],
          ['NOTIFY → dbwarden\'s first query of the check', ...seg((x) => x.wake)],
          [`first query → last reply from PostgreSQL (catalog read + events; median ${median(b.map((x) => x.statements))} statements)`, ...seg((x) => x.db)],
          ['last reply → MCP alert received (diff, state store, notifications)', ...seg((x) => x.rest)],
          ['total (through the relay)', ...seg((x) => x.total)],
        ],
      },
      after: `Statements of one check (the median change, ${sample.statements}): ${[...new Set(sample.texts)].map((t) => `\`${t}\``).join('; ')}.`,
    });
  }

  const poll = r.poll ?? [];
  sections.push({
    heading: `Polling fallback (no capture): DDL commit to MCP notification at a ${FAST_POLL_MS} ms interval (milliseconds)`,
    text: [
      `Database \`${POLL_DB}\` (fresh, capture not installed), server started with \`DBWARDEN_MONITOR_POLL_INTERVAL_MS=${FAST_POLL_MS}\`;`,
      `the monitor reported \`"capture": "polling"\` ${r.pollReadyMs != null ? `${ms(r.pollReadyMs, 0)} ms` : 'n/a'} after the client connected.`,
      `3 untimed changes, then ${POLL_CHANGES} timed ones as above, each after a random pause of 0-${FAST_POLL_MS} ms plus ${SPACING_MS} ms`,
      '(a fixed pause would lock the changes onto the poll timer and measure one phase of it). Expected: up to about one',
      'poll interval, about half of one on average, plus a check.',
    ].join(' '),
    table: { header: latencyHeader, rows: poll.length ? latencyRows(`polling, ${FAST_POLL_MS} ms`, poll, r.pollSubscribed ?? { on: false }) : [] },
  });

  const idleRows = [];
  const base = r.baseline;
  const idleRow = (label, idle, db, expect) => {
    if (!idle) return;
    const d = idle.delta[db];
    const b = base?.delta[db];
    const total = d.commit + d.rollback;
    const net = b ? total - (b.commit + b.rollback) * (idle.seconds / base.seconds) : null;
    idleRows.push([label, ms(idle.seconds, 1), `${total} (${d.commit} commit, ${d.rollback} rollback)`,
      b ? `${b.commit + b.rollback} in ${ms(base.seconds, 1)} s` : 'n/a', net == null ? 'n/a' : ms(perMinute(net, idle.seconds), 1),
      idle.wire ? `${idle.wire.statements} (${ms(perMinute(idle.wire.statements, idle.seconds), 1)}/min)` : 'n/a',
      idle.wire ? `${idle.wire.opened} opened, ${idle.wire.closed} closed` : 'n/a', expect]);
  };
  idleRow('event-trigger (LISTEN)', r.etIdle, ET_DB, '0');
  idleRow(`polling, default ${DEFAULT_POLL_MS} ms`, r.pollIdle, POLL_DB, `≤ ${60_000 / DEFAULT_POLL_MS}`);
  const detail = [];
  for (const [label, idle] of [['event-trigger', r.etIdle], ['polling', r.pollIdle]]) {
    if (!idle?.wire) continue;
    detail.push(`- ${label}: ${idle.wire.byText.length ? idle.wire.byText.map(([t, n]) => `${n} × \`${t}\``).join('; ') : 'no statements'};`
      + ` connections open through the relay at the window's end: ${idle.wire.openConnections.join(', ') || 'none'}.`);
  }
  sections.push({
    heading: 'Idle load on the database (no DDL, monitor running)',
    text: [
      `For ${IDLE_S} s with the monitor running, one SDK client connected and subscribed, and no DDL (the benchmark's own \`pg\``,
      `client disconnected; ${SETTLE_MS / 1000} s allowed first for start-up work to finish), two independent counts:`,
      '(1) `xact_commit + xact_rollback` of the database in `pg_stat_database`, read through `psql` on the `postgres` database',
      `${STATS_LAG_MS / 1000} s after each edge of the window (PostgreSQL 15 publishes a backend's counters up to about a second late),`,
      'minus a baseline window of the same length at the end with dbwarden stopped and nothing connected (autovacuum and',
      'the like); (2) the statements dbwarden actually sent (Query and Execute messages), counted on the wire: for these two',
      'windows dbwarden connects through `bench/lib/pg-wire-tap.mjs`. pg_stat_statements is not loaded on this server',
      '(`shared_preload_libraries` is empty) and the benchmark does not change server settings.',
    ].join(' '),
    table: {
      header: ['mode', 'window (s)', 'pg_stat_database transactions', 'baseline (dbwarden stopped)', 'net transactions/min', 'statements on the wire', 'connections', 'target/min'],
      rows: idleRows,
    },
    after: [
      ...detail,
      '',
      'The two counts cover windows of the same length, the transaction count shifted by the up-to-a-second publishing delay,',
      'so in polling mode they can differ by one poll; the wire count is exact for its window. (Each poll is one committed',
      'autocommit transaction; each check after a change, in either mode, is one read-only transaction that is rolled back.)',
      '',
      `Targets: event-trigger mode sends nothing while idle (it blocks in \`getNotifications\` on its LISTEN connection):`,
      `${idleVerdict(r.etIdle, 0)}; polling sends one autocommit fingerprint query per interval on its dedicated connection, at`,
      `most ${60_000 / DEFAULT_POLL_MS}/min at ${DEFAULT_POLL_MS} ms: ${idleVerdict(r.pollIdle, 60_000 / DEFAULT_POLL_MS)}.`,
      ...(r.failures.length ? ['', 'Failures:', ...r.failures.map((f) => `- ${f}`)] : []),
    ].join('\n'),
  });

  const tapNote = tap ? ` --db postgres://${PG_USER}@127.0.0.1:<relay port>/…` : '';
  writeResult('monitor', {
    title: 'Schema monitor: change-notification latency and idle load',
    intro: [
      'dbwarden serves MCP over Streamable HTTP on 127.0.0.1 from the private copy of the launcher and jar; the client is the',
      'official TypeScript SDK (`Client` + `StreamableHTTPClientTransport`) with handlers for `notifications/message`',
      '(`LoggingMessageNotificationSchema`) and `notifications/resources/updated`, subscribed to alerts with',
      '`schema_monitor {"alert_on_changes": true}`. DDL goes through `pg` on its own connection. Databases are created',
      'fresh on the PG 15 server and dropped at the end; each server gets its own temporary `--project` directory for its',
      'state store (`.dbwarden/state.db`).',
    ].join(' '),
    sections,
    commands: [
      `DBWARDEN_ALLOW_WRITES=true ./dbwarden install --apply --db ${dbUrl(ET_DB)} --project <tmp>`,
      `DBWARDEN_ALLOW_WRITES=false ./dbwarden serve --http --port <free port> --db ${dbUrl(ET_DB)} --project <tmp>`,
      `DBWARDEN_ALLOW_WRITES=false DBWARDEN_MONITOR_POLL_INTERVAL_MS=${FAST_POLL_MS} ./dbwarden serve --http --port <free port> --db ${dbUrl(POLL_DB)} --project <tmp>`,
      `DBWARDEN_ALLOW_WRITES=false ./dbwarden serve --http --port <free port>${tapNote} --project <tmp> (breakdown and idle windows, through the relay)`,
      'tools/call schema_monitor {"alert_on_changes": true}; resources/subscribe {"uri": "dbwarden://table/public.t"}',
      "select datname, xact_commit, xact_rollback from pg_stat_database (psql -d postgres)",
    ],
  });
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
}).then(() => process.exit(process.exitCode ?? 0));

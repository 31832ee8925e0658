// Migrate benchmark: how long `dbwarden migration-validator` takes, as a whole process, to validate a 50-statement
// migration against a 500-table schema with the shadow run included; once on the embedded PostgreSQL 17 it starts
// itself, once with scratch databases on the PG 15 server (DBWARDEN_SHADOW_URL); on a first run of the schema (which
// builds the shadow's template) and after. Run through bench/run migrate (which builds and snapshots the jar first);
// writes bench/results/migrate.md. The database dbw_bench_migrate is dropped at the end unless BENCH_KEEP_DBS=1 (then
// reused); dbwarden's template of its schema on the PG 15 server and the project directory are always removed.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from './gen-schema.mjs';
import { A, B, C, DATA_TABLES, MIN_TABLES, dataSql, migrationSql, qname } from './lib/migrate-gen.mjs';
import { startWireTap } from './lib/pg-wire-tap.mjs';
import {
  BENCH, JAR, LAUNCHER, PG_HOST, PG_PORT, PG_USER, ROOT, WORK, captureTail, int, log, median, ms, onInterrupt, psqlValue, start, stop, table, writeResult,
} from './lib/common.mjs';

const RUNS = Number(process.env.BENCH_MIGRATE_RUNS ?? 5);
const TABLES = Number(process.env.BENCH_MIGRATE_TABLES ?? 500);
const ROWS = Number(process.env.BENCH_MIGRATE_ROWS ?? 50_000);
const TRACE = process.env.BENCH_MIGRATE_TRACE !== '0';
const KEEP = process.env.BENCH_KEEP_DBS === '1';
const TARGET_MS = 5_000;
const DB = 'dbw_bench_migrate';
// Bumped whenever gen-schema.mjs's or migrate-gen.mjs's data changes, so that a kept database is never reused stale.
const MARKER_VERSION = 'v1';
// A validation that takes longer than this is stuck (a lock wait, an embedded server that does not start), not slow.
const RUN_TIMEOUT_MS = 3 * 60_000;
const STEP_TIMEOUT_MS = 10 * 60_000;

const pgArgs = ['-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER];
const targetUrl = (port = PG_PORT) => `postgres://${PG_USER}@${PG_HOST}:${port}/${DB}`;
const shadowServerUrl = (port = PG_PORT) => `postgres://${PG_USER}@${PG_HOST}:${port}/postgres`;
const MIGRATION_FILE = path.join(WORK, 'migrate', 'bench_migration.sql');
// The validator's project directory (its working directory, --project's default): empty, so no dbwarden.yaml applies
// and the code-reference scan, which reads application sources under it, finds nothing to read. The embedded shadow
// keeps its data (and its templates) for it in /dev/shm/dbwarden-shadow-<hash of the project>/ (in .dbwarden/ there when
// /dev/shm has no room), which removeRamShadows() deletes with the project directories. First runs of the embedded shadow each get a new one, so
// that the benchmark deletes no shadow data directory (thousands of files) just before a timed run: on a file system
// without a journal, ext4 then allocates new inodes slowly for a minute or more (see bench/README.md).
const PROJECTS = path.join(WORK, 'migrate', 'projects');
const PROJECT = path.join(PROJECTS, 'steady');
const RAM = '/dev/shm';

/** The embedded shadows' data directories in RAM (ShadowDatabases.dataDirectory) of this benchmark's project directories. */
function removeRamShadows() {
  if (!existsSync(RAM)) return;
  for (const name of readdirSync(RAM).filter((n) => n.startsWith('dbwarden-shadow-'))) {
    const dir = path.join(RAM, name);
    try {
      if (readFileSync(path.join(dir, 'project'), 'utf8').trim().startsWith(PROJECTS + path.sep)) rmSync(dir, { recursive: true, force: true });
    } catch { /* another project's, or half made */ }
  }
}
const PHASE_RUNS = Number(process.env.BENCH_MIGRATE_PHASE_RUNS ?? 3);
const COLD_RUNS = Number(process.env.BENCH_MIGRATE_COLD_RUNS ?? 3);
// Scratch databases of bench/lib/ShadowPhases.java on the PG 15 server carry this prefix, so that only they are ever
// dropped by name here; the validator's own dbw_shadow_* databases (which a test suite next door also makes) are not.
const HELPER_SHADOW_PREFIX = 'dbw_bench_migrate_shadow_';
// The JIT and GC settings of the ./dbwarden launcher, for the in-process helper.
const JAVA_OPTS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const MODES = [
  { key: 'static', label: 'static rules only', flags: ['--no-shadow', '--no-data'] },
  { key: 'shadow', label: 'static + shadow run', flags: ['--no-data'] },
  { key: 'full', label: 'full: static + shadow run + data probes', flags: [] },
];
const SHADOWS = [
  { key: 'embedded', label: 'embedded PostgreSQL 17 (default)' },
  { key: 'server', label: `DBWARDEN_SHADOW_URL on the PG 15 server` },
];

function sh(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: STEP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(-2000)}`);
  }
  return { ms: performance.now() - t0, stdout: r.stdout };
}

// ---- the database -----------------------------------------------------------------------------------------------

const marker = () => `dbwarden bench migrate ${MARKER_VERSION} ${TABLES} tables ${ROWS} rows`;

function prepare() {
  if (TABLES < MIN_TABLES) throw new Error(`BENCH_MIGRATE_TABLES must be at least ${MIN_TABLES}: the migration names tables up to t00${MIN_TABLES}`);
  const exists = psqlValue(`select count(*) from pg_database where datname = '${DB}'`) === '1';
  if (exists) {
    const comment = psqlValue(`select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '${DB}'`);
    if (comment === marker()) {
      log(`reusing ${DB}`);
      return { reused: true };
    }
    log(`dropping stale ${DB}`);
    sh('dropdb', [...pgArgs, '--if-exists', '--force', DB]);
  }
  mkdirSync(path.dirname(MIGRATION_FILE), { recursive: true });
  const schemaFile = path.join(WORK, 'migrate', `schema-${TABLES}.sql`);
  const dataFile = path.join(WORK, 'migrate', `data-${ROWS}.sql`);
  writeFileSync(schemaFile, generate(TABLES));
  writeFileSync(dataFile, dataSql(ROWS));
  sh('createdb', [...pgArgs, DB]);
  log(`loading ${TABLES} tables into ${DB}`);
  const schema = sh('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', DB, '-f', schemaFile]);
  log(`inserting ${ROWS} rows into each of ${DATA_TABLES.map(qname).join(', ')}; analyze`);
  const data = sh('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', DB, '-f', dataFile]);
  // Marked only once loaded, so an interrupted load is never reused.
  psqlValue(`comment on database ${DB} is '${marker()}'`);
  return { reused: false, schemaMs: schema.ms, dataMs: data.ms };
}

function dbFacts() {
  const q = (sql) => psqlValue(sql, DB);
  const rels = q(`select count(*) filter (where c.relkind = 'r'), count(*) filter (where c.relkind = 'i'), count(*) filter (where c.relkind = 'v'),
      count(*) filter (where c.relkind = 't') from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('app', 'billing', 'ops', 'audit', 'public') or n.nspname like 'pg_toast%'`).split('|').map(Number);
  const fks = Number(q("select count(*) from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname in ('app', 'billing', 'ops', 'audit')"));
  const size = q(`select pg_size_pretty(pg_database_size('${DB}'))`);
  const rows = DATA_TABLES.map((i) => `${qname(i)} ${int(Number(q(`select count(*) from ${qname(i)}`)))} rows, ${q(`select pg_size_pretty(pg_total_relation_size('${qname(i)}'))`)}`);
  return { tables: rels[0], indexes: rels[1], views: rels[2], toast: rels[3], fks, size, rows };
}

// ---- one validation ---------------------------------------------------------------------------------------------

/** The environment dbwarden runs with: none of the caller's DBWARDEN_* settings or DATABASE_URL. */
function baseEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DBWARDEN_') && k !== 'DATABASE_URL'));
  return { ...env, ...extra };
}

/**
 * Runs `./dbwarden migration-validator --db URL --json FLAGS FILE` to the end and returns its wall time (spawn to exit)
 * and parsed report. Exit codes 0, 1 and 2 are verdicts (safe, unsafe, fails); anything else is an error.
 */
async function runProcess(cmd, args, env, cwd = PROJECT) {
  const t0 = performance.now();
  // cwd: a project directory (see PROJECTS), inside bench/work. The child runs in its own process group (common.mjs
  // start), so an interrupt or a time-out stops it with SIGTERM, and the JVM's shutdown hooks stop an embedded
  // PostgreSQL it started.
  const child = start(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d.toString(); });
  const err = captureTail(child);
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; stop(child, 15_000); }, RUN_TIMEOUT_MS);
  const [code, sig] = await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  const t1 = performance.now();
  clearTimeout(timer);
  if (timedOut) throw new Error(`${cmd} ${args.join(' ')} took more than ${RUN_TIMEOUT_MS / 1000} s and was stopped: ${err.text}`);
  return { t0, t1, ms: t1 - t0, code: code ?? sig, out, err: err.text };
}

async function validate({ mode, shadow, dbUrl = targetUrl(), shadowUrl = shadowServerUrl(), cwd = PROJECT }) {
  const args = ['migration-validator', '--db', dbUrl, '--json', ...mode.flags, MIGRATION_FILE];
  const env = baseEnv(shadow.key === 'server' ? { DBWARDEN_SHADOW_URL: shadowUrl } : {});
  const r = await runProcess(LAUNCHER, args, env, cwd);
  if (![0, 1, 2].includes(r.code)) throw new Error(`migration-validator exited ${r.code}: ${r.err}${r.out.slice(0, 2000)}`);
  return { ...r, report: JSON.parse(r.out.slice(r.out.indexOf('{'))) };
}

/** One fresh JVM timing the shadow set-up steps (bench/lib/ShadowPhases.java); shadowArg: 'embedded' or a JDBC URL. */
async function shadowSetup(shadowArg, k) {
  const name = `${HELPER_SHADOW_PREFIX}${process.pid}_${k}`;
  const args = [...JAVA_OPTS, '-cp', JAR, path.join(BENCH, 'lib', 'ShadowPhases.java'),
    `jdbc:postgresql://${PG_HOST}:${PG_PORT}/${DB}`, PG_USER, shadowArg, name];
  const r = await runProcess('java', args, baseEnv());
  if (r.code !== 0) throw new Error(`ShadowPhases ${shadowArg} exited ${r.code}: ${r.err}`);
  return JSON.parse(r.out.trim().split('\n').pop());
}

// ---- what the validator found -----------------------------------------------------------------------------------

function summary(report) {
  const f = report.files[0];
  const byRule = new Map();
  for (const i of f.issues) {
    const k = `${i.rule}\u0000${i.verdict}\u0000${i.layer}`;
    byRule.set(k, (byRule.get(k) ?? 0) + 1);
  }
  const shadowErrors = f.issues.filter((i) => i.layer === 'shadow' && (i.rule === 'shadow-execution-error' || i.rule === 'transaction-left-open'));
  return { verdict: report.verdict, statements: f.statements, issues: f.issues.length, byRule, notes: [...f.notes, ...report.notes], shadowErrors };
}

// ---- where the time goes: one run through wire-protocol relays ----------------------------------------------------

const norm = (sql) => sql.split('\n').filter((l) => !l.trim().startsWith('--')).join(' ').replace(/;\s*$/, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Each statement a relay saw, from its Query/Execute to the next ReadyForQuery on the same connection. */
function intervals(events) {
  const out = [];
  const pending = new Map();
  for (const e of events) {
    if (e.kind === 'statement') {
      const iv = { conn: e.conn, text: e.text ?? '', start: e.t, end: null };
      out.push(iv);
      if (!pending.has(e.conn)) pending.set(e.conn, []);
      pending.get(e.conn).push(iv);
    } else if (e.kind === 'ready' || e.kind === 'close') {
      for (const iv of pending.get(e.conn) ?? []) iv.end = e.t;
      pending.set(e.conn, []);
    }
  }
  for (const iv of out) if (iv.end == null) iv.end = iv.start;
  return out.sort((x, y) => x.start - y.start);
}

/** Time with at least one statement outstanding: a batch (the schema load) sends many statements before one Sync. */
function dbTime(ivs) {
  let total = 0;
  let curStart = null;
  let curEnd = null;
  for (const iv of [...ivs].sort((x, y) => x.start - y.start)) {
    if (curEnd == null || iv.start > curEnd) {
      if (curEnd != null) total += curEnd - curStart;
      curStart = iv.start;
      curEnd = iv.end;
    } else {
      curEnd = Math.max(curEnd, iv.end);
    }
  }
  return curEnd == null ? total : total + curEnd - curStart;
}

/**
 * Splits one traced run into consecutive phases that add up to its wall time. The target's statements are classified
 * by what dbwarden sends: its catalog read (one transaction, up to the first ROLLBACK/COMMIT), then, when there is a
 * shadow, the schema script (which opens with shadow_session.sql, recognisable by its previous_search_path column,
 * and ends at its transaction's ROLLBACK/COMMIT), then the data probes. On a shadow server the relay also sees the
 * template look-up, on a first run CREATE DATABASE, the schema load and the rename into the template, then CREATE
 * DATABASE … TEMPLATE, the migration's statements between ShadowRunner's relfilenode snapshots (pg_relation_filenode),
 * a catalog re-read if any, and DROP DATABASE.
 */
function phases(run, tEvents, sEvents, statements) {
  const target = intervals(tEvents);
  const shadow = intervals(sEvents ?? []);
  const rows = [];
  let at = run.t0;
  const add = (label, until, detail = '') => {
    if (until == null || Number.isNaN(until)) return;
    rows.push([label, Math.max(0, until - at), detail]);
    at = Math.max(at, until);
  };
  const inDb = (ivs) => `${ivs.length} statements, ${ms(dbTime(ivs))} ms in the database`;
  const txEnd = (from) => target.findIndex((iv, k) => k >= from && /^\s*(rollback|commit)\b/i.test(iv.text));
  let catEnd = txEnd(0);
  if (catEnd < 0) catEnd = target.length - 1;
  const session = target.findIndex((iv, k) => k > catEnd && iv.text.includes('previous_search_path'));
  let scriptEnd = session >= 0 ? txEnd(session) : catEnd;
  if (scriptEnd < 0) scriptEnd = session;
  const catalog = target.slice(0, catEnd + 1);
  const script = session >= 0 ? target.slice(catEnd + 1, scriptEnd + 1) : [];
  const probes = target.slice(scriptEnd + 1).filter((iv) => iv.text.trim() !== '');
  add('JVM start, configuration, first connection to the target', target[0].start);
  add('catalog read (target)', target[catEnd].end, inDb(catalog));
  if (session >= 0) add('schema script read for the shadow (target)', target[scriptEnd].end, inDb(script));
  const noShadow = session < 0;
  if (noShadow || !sEvents) {
    const before = noShadow ? 'parse + static rules' : 'embedded PostgreSQL start, shadow from the template (on a first run: initdb, schema load), parse + static rules (not traced)';
    const after = noShadow ? 'report, close, exit' : 'shadow run, drop, embedded server stop, report, close, exit (not traced)';
    if (probes.length) {
      add(before, probes[0].start);
      add('data probes (target)', probes[probes.length - 1].end, inDb(probes));
      add(after, run.t1);
    } else {
      add(noShadow ? 'parse + static rules, report, close, exit'
        : 'embedded PostgreSQL start, shadow from the template (on a first run: initdb, schema load), static rules, shadow run, drop, stop, report, exit (not traced)', run.t1);
    }
    return { rows, matched: null, shadowCreated: sEvents ? shadow.some((iv) => /^\s*create database/i.test(iv.text)) : null, loaded: null };
  }
  const isCreatePlain = (iv) => /^\s*create database dbw_shadow_\w+\s*$/i.test(iv.text);
  const isCreateCopy = (iv) => /^\s*create database dbw_shadow_\w+\s+template\b/i.test(iv.text);
  const isDropShadow = (iv) => /^\s*drop database if exists dbw_shadow_/i.test(iv.text);
  const isRel = (iv) => iv.text.includes('pg_relation_filenode');
  const plain = shadow.findIndex(isCreatePlain);
  const copy = shadow.findIndex(isCreateCopy);
  const dropIdx = shadow.findLastIndex(isDropShadow);
  const drop = dropIdx >= 0 ? shadow[dropIdx] : null;
  // The run: from the relfilenode snapshot before the migration's first statement to the one after its last. Anchored on
  // the migration's first and last statements, which nothing else sends (the load's own BEGIN and COMMIT look like
  // statements 39 and 44). A statement's trace: snapshot, (BEGIN,) the statement, its locks, (COMMIT,) snapshot.
  const firstMig = shadow.findIndex((iv) => norm(iv.text) === norm(statements[0]));
  const lastMig = shadow.findLastIndex((iv) => norm(iv.text) === norm(statements[statements.length - 1]));
  let runFrom = dropIdx >= 0 ? dropIdx : shadow.length;
  let runTo = runFrom - 1;
  if (firstMig >= 0) {
    runFrom = firstMig;
    for (let k = firstMig - 1; k >= Math.max(0, firstMig - 3); k--) if (isRel(shadow[k])) { runFrom = k; break; }
    runTo = lastMig >= firstMig ? lastMig : (dropIdx >= 0 ? dropIdx - 1 : shadow.length - 1);
    for (let k = runTo + 1; k < Math.min(shadow.length, runTo + 5); k++) if (isRel(shadow[k])) { runTo = k; break; }
  }
  const setupEnd = copy >= 0 ? copy : runFrom;
  const lookup = shadow.slice(0, plain >= 0 ? plain : setupEnd);
  // On a first run the schema is loaded on a connection of its own; the admin connection that made the database then
  // renames it into the template (and drops older templates, and may ask the server's version) before the copy.
  const between = plain >= 0 ? shadow.slice(plain + 1, setupEnd) : [];
  const loadConn = between.find((iv) => iv.conn !== shadow[plain].conn)?.conn;
  const load = between.filter((iv) => iv.conn === loadConn);
  const templateWork = between.filter((iv) => iv.conn !== loadConn);
  const runIvs = shadow.slice(runFrom, runTo + 1);
  const reread = shadow.slice(runTo + 1, dropIdx >= 0 ? dropIdx : shadow.length);
  const matched = new Set();
  for (const iv of runIvs) {
    const k = statements.findIndex((st) => norm(st) === norm(iv.text));
    if (k >= 0) matched.add(k + 1);
  }
  if (plain >= 0) {
    add('look up the template; none: create a database to build it in', shadow[plain].end,
      `${inDb([...lookup, shadow[plain]])}`);
    add('load the schema into it (first run only)', load.length ? load[load.length - 1].end : undefined, inDb(load));
    add('rename it to the template, drop older templates (first run only)', templateWork.length ? templateWork[templateWork.length - 1].end : undefined,
      inDb(templateWork));
  }
  if (copy >= 0) {
    add(plain >= 0 ? 'copy the template into the shadow (CREATE DATABASE … TEMPLATE)' : 'look up the template, copy it into the shadow (CREATE DATABASE … TEMPLATE)',
      shadow[copy].end, `CREATE DATABASE … TEMPLATE ${ms(shadow[copy].end - shadow[copy].start)} ms in the database`
        + (plain < 0 ? `; the look-up ${inDb(lookup)}` : ''));
  }
  add('parse + static rules', probes[0]?.start ?? runIvs[0]?.start ?? drop?.start);
  if (probes.length) add('data probes (target)', probes[probes.length - 1].end, inDb(probes));
  if (runIvs.length) {
    const snaps = runIvs.filter(isRel);
    const locks = runIvs.filter((iv) => /pg_locks/i.test(iv.text));
    const stmts = runIvs.filter((iv) => statements.some((st) => norm(st) === norm(iv.text)));
    add(`shadow run of the migration (${matched.size} of ${statements.length} statements executed)`, runIvs[runIvs.length - 1].end,
      `${inDb(runIvs)}: the migration's own ${ms(dbTime(stmts))} ms; ${snaps.length} relfilenode snapshots ${ms(dbTime(snaps))} ms;`
      + ` ${locks.length} lock reads ${ms(dbTime(locks))} ms`);
    add(reread.length ? 'shadow findings, catalog re-read on the shadow' : 'shadow findings (no database work)', drop?.start, inDb(reread));
  }
  add('drop the shadow database', drop?.end, drop ? `${ms(drop.end - drop.start)} ms in the database` : 'not seen');
  add('report, close, exit', run.t1);
  return { rows, matched, shadowCreated: plain >= 0 || copy >= 0, loaded: plain >= 0 };
}

async function traced(mode, shadow, statements, cwd = PROJECT) {
  const tTap = await startWireTap({ host: PG_HOST, port: PG_PORT });
  const sTap = shadow.key === 'server' ? await startWireTap({ host: PG_HOST, port: PG_PORT }) : null;
  try {
    const run = await validate({ mode, shadow, dbUrl: targetUrl(tTap.port), shadowUrl: shadowServerUrl(sTap?.port), cwd });
    // Events arriving after exit (a socket closing) do not matter; the run is over.
    return { run, ...phases(run, tTap.events, sTap?.events, statements) };
  } finally {
    await tTap.close();
    await sTap?.close();
  }
}

// ---- main ---------------------------------------------------------------------------------------------------------

function dropHelperShadows() {
  const names = psqlValue(`select datname from pg_database where datname like '${HELPER_SHADOW_PREFIX}%'`).split('\n').filter(Boolean);
  for (const n of names) sh('dropdb', [...pgArgs, '--if-exists', '--force', n]);
}

const dbExists = (name) => psqlValue(`select count(*) from pg_database where datname = '${name}'`) === '1';

async function main() {
  rmSync(PROJECTS, { recursive: true, force: true });
  removeRamShadows();
  mkdirSync(PROJECT, { recursive: true });
  const migration = migrationSql();
  writeFileSync(MIGRATION_FILE, migration.sql);
  const statements = migration.sql.replace(/;\n$/, '').split(';\n\n');
  let template = null;
  const cleanUp = () => {
    try { dropHelperShadows(); } catch (e) { log(`could not drop ${HELPER_SHADOW_PREFIX}* databases: ${e.message}`); }
    // dbwarden's template of this benchmark's schema on the PG 15 server: named by the schema's hash, so it is this run's.
    if (template) { try { sh('dropdb', [...pgArgs, '--if-exists', '--force', template]); } catch (e) { log(`could not drop ${template}: ${e.message}`); } }
    try { rmSync(PROJECTS, { recursive: true, force: true }); } catch (e) { log(`could not remove ${PROJECTS}: ${e.message}`); }
    try { removeRamShadows(); } catch (e) { log(`could not remove the shadows in ${RAM}: ${e.message}`); }
    if (KEEP) return;
    try { sh('dropdb', [...pgArgs, '--if-exists', '--force', DB]); } catch (e) { log(`could not drop ${DB}: ${e.message}`); }
  };
  onInterrupt(cleanUp);
  // The launcher builds its class-data archive on first use; that one-off cost is not a validation's.
  sh(LAUNCHER, ['--version'], { cwd: PROJECT });
  const configs = SHADOWS.flatMap((shadow) => MODES.map((mode) => ({ shadow, mode, times: [], summaries: [] })));
  const full = MODES.find((m) => m.key === 'full');
  const cold = Object.fromEntries(SHADOWS.map((x) => [x.key, { times: [], summaries: [], templateSeen: [] }]));
  let prep;
  let facts;
  const traces = new Map();
  const coldTraces = new Map();
  const setups = { embedded: [], server: [] };
  // A first run: no template of this schema yet, so the validator loads the schema and builds one. For the embedded
  // shadow that means a new project directory without .dbwarden/ (the validator initialises one with initdb). On the
  // server the template is renamed out of the way (into this benchmark's prefix, dropped at the end) rather than
  // dropped, for the reason given at PROJECTS. Returns the project directory to run in.
  let coldCount = 0;
  const makeCold = (shadow) => {
    coldCount++;
    if (shadow.key === 'embedded') {
      const dir = path.join(PROJECTS, `first-run-${coldCount}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    }
    if (dbExists(template)) psqlValue(`alter database ${template} rename to ${HELPER_SHADOW_PREFIX}old_${coldCount}`);
    return PROJECT;
  };
  const check = (s) => {
    if (s.statements !== migration.statements) throw new Error(`the validator parsed ${s.statements} statements, the generator wrote ${migration.statements}`);
    if (s.shadowErrors.length) {
      throw new Error(`the shadow did not run the migration to its end (fix bench/lib/migrate-gen.mjs): ${JSON.stringify(s.shadowErrors.map((i) => i.message))}`);
    }
  };
  try {
    prep = prepare();
    facts = dbFacts();
    template = (await runProcess('java', [...JAVA_OPTS, '-cp', JAR, path.join(BENCH, 'lib', 'ShadowPhases.java'),
      `jdbc:postgresql://${PG_HOST}:${PG_PORT}/${DB}`, PG_USER, '--template-name'], baseEnv())).out.trim();
    if (!/^dbw_tmpl_[0-9a-f]{24}$/.test(template)) throw new Error(`ShadowPhases --template-name printed ${JSON.stringify(template)}`);
    // First runs of a schema (no template yet), full validation, alternating the shadow kinds.
    for (let k = 0; k < COLD_RUNS; k++) {
      for (const shadow of SHADOWS) {
        const cwd = makeCold(shadow);
        const r = await validate({ mode: full, shadow, cwd });
        const s = summary(r.report);
        check(s);
        cold[shadow.key].times.push(r.ms);
        cold[shadow.key].summaries.push(s);
        if (shadow.key === 'server') cold.server.templateSeen.push(dbExists(template));
        log(`first run, ${shadow.key}: ${ms(r.ms)} ms, verdict ${s.verdict}, ${s.issues} issues`);
      }
    }
    if (cold.server.templateSeen.includes(false)) {
      log(`warning: no ${template} on the PG 15 server after a first run: the template naming changed, so "first runs" after the first were not first runs`);
    }
    // One untimed run of each configuration. The server's template exists now; the embedded shadow's steady-state
    // project directory gets its template from the first of these runs that uses the shadow.
    for (const c of configs) {
      const r = await validate(c);
      const s = summary(r.report);
      check(s);
      c.summaries.push(s);
      log(`untimed: ${c.shadow.key}, ${c.mode.label}: ${ms(r.ms)} ms, verdict ${s.verdict}, ${s.issues} issues`);
    }
    // Timed runs round-robin over the configurations, so a burst of load elsewhere is shared out rather than landing on one.
    for (let k = 0; k < RUNS; k++) {
      for (const c of configs) {
        const r = await validate(c);
        c.times.push(r.ms);
        c.summaries.push(summary(r.report));
      }
      log(`round ${k + 1} of ${RUNS}: ${configs.map((c) => `${c.shadow.key}/${c.mode.key} ${ms(c.times[k])}`).join(', ')}`);
    }
    if (TRACE) {
      for (const c of configs) {
        log(`traced: ${c.shadow.key}, ${c.mode.label}`);
        traces.set(c, await traced(c.mode, c.shadow, statements));
      }
      for (const shadow of SHADOWS) {
        log(`traced: ${shadow.key}, first run`);
        coldTraces.set(shadow.key, await traced(full, shadow, statements, makeCold(shadow)));
      }
    }
    for (let k = 0; k < PHASE_RUNS; k++) {
      log(`shadow set-up in process, ${k + 1} of ${PHASE_RUNS}`);
      setups.embedded.push(await shadowSetup('embedded', k));
      setups.server.push(await shadowSetup(`jdbc:postgresql://${PG_HOST}:${PG_PORT}/postgres`, k));
    }
  } finally {
    cleanUp();
  }

  // ---- the report ----
  const get = (sk, mk) => configs.find((c) => c.shadow.key === sk && c.mode.key === mk);
  const verdictOf = (summaries) => {
    const s = summaries[0];
    const seen = new Set(summaries.map((x) => `${x.verdict}/${x.issues}`));
    return `${s.verdict}, ${s.issues} issues${seen.size > 1 ? ` (varied: ${[...seen].join(', ')})` : ''}`;
  };
  const resultRows = [];
  for (const sh0 of SHADOWS) {
    const c0 = cold[sh0.key];
    resultRows.push([sh0.label, `${full.label}; first run of this schema (builds the template)`, '(none)', `${ms(median(c0.times))} (${c0.times.length})`,
      ms(Math.min(...c0.times)), ms(Math.max(...c0.times)), verdictOf(c0.summaries)]);
    for (const m of MODES) {
      const c = get(sh0.key, m.key);
      resultRows.push([sh0.label, m.label, m.flags.join(' ') || '(none)', `${ms(median(c.times))} (${c.times.length})`, ms(Math.min(...c.times)),
        ms(Math.max(...c.times)), verdictOf(c.summaries)]);
    }
  }
  const derived = [];
  const verdictLines = [];
  for (const sh0 of SHADOWS) {
    const st = median(get(sh0.key, 'static').times);
    const sd = median(get(sh0.key, 'shadow').times);
    const fu = median(get(sh0.key, 'full').times);
    const co = median(cold[sh0.key].times);
    derived.push([sh0.label, ms(st), ms(sd - st), ms(fu - sd), ms(fu), ms(co - fu)]);
    verdictLines.push(`- Target (${sh0.label}): full validation under 5 s: ${fu < TARGET_MS ? 'met' : 'MISSED'} with the template in place (median ${ms(fu)} ms);`
      + ` ${co < TARGET_MS ? 'met' : 'MISSED'} on a first run of the schema (median ${ms(co)} ms).`);
  }
  const staticMakesShadow = TRACE ? traces.get(get('server', 'static')).shadowCreated : null;
  const staticNote = staticMakesShadow === true ? [
    '- "static rules only" (`--no-shadow --no-data`) is not a static-only process here: the traced run shows the validator making a',
    '  shadow database even though it runs nothing there. "+ shadow run" is then only the 50 statements with their snapshots.',
  ] : staticMakesShadow === false ? [
    '- "static rules only" (`--no-shadow --no-data`) makes no shadow (the traced run shows no CREATE DATABASE on the shadow server):',
    '  it is JVM start, the target\'s catalog read, the static rules and the report. "+ shadow run" is the whole shadow layer: the',
    '  schema script read on the target, the embedded server\'s start (default shadow), the copy of the template, the 50 statements',
    '  with their snapshots, DROP DATABASE (and the embedded server\'s stop).',
  ] : [];

  // Issues by rule for every configuration.
  const keys = new Set();
  for (const c of configs) for (const k of c.summaries[0].byRule.keys()) keys.add(k);
  const ruleRows = [...keys].sort().map((k) => {
    const [rule, verdict, layer] = k.split('\u0000');
    return [rule, verdict, layer, ...configs.map((c) => c.summaries[0].byRule.get(k) ?? 0)];
  });
  const fullSum = get('embedded', 'full').summaries[0];
  const fullServer = get('server', 'full').summaries[0];
  const sameNotes = JSON.stringify(fullSum.notes) === JSON.stringify(fullServer.notes);

  const traceSections = [];
  if (TRACE) {
    for (const sh0 of SHADOWS) {
      const ts = [...MODES.map((m) => traces.get(get(sh0.key, m.key))), coldTraces.get(sh0.key)];
      const heads = [...MODES.map((m) => `${m.key} (${m.flags.join(' ') || 'no flags'})`), 'full, first run of the schema'];
      // Phases in the order they happen: those of the run with the most phases, the others' inserted after their predecessor.
      const labels = [...ts].sort((x, y) => y.rows.length - x.rows.length)[0].rows.map((r) => r[0]);
      for (const t of ts) {
        t.rows.forEach((r, k) => {
          if (labels.includes(r[0])) return;
          const prev = k > 0 ? labels.indexOf(t.rows[k - 1][0]) : -1;
          labels.splice(prev + 1, 0, r[0]);
        });
      }
      const rows = labels.map((l) => [l, ...ts.map((t) => { const r = t.rows.find((x) => x[0] === l); return r ? ms(r[1]) : '—'; })]);
      rows.push(['total (traced wall time)', ...ts.map((t) => ms(t.run.ms))]);
      const details = [];
      ts.forEach((t, k) => {
        for (const r of t.rows) if (r[2]) details.push(`- ${heads[k]}, ${r[0]}: ${r[2]}.`);
        if (t.matched) details.push(`- ${heads[k]}: the relay saw ${t.matched.size} of the ${statements.length} migration statements run on the shadow.`);
      });
      traceSections.push({
        heading: `Where the time goes: shadow on the ${sh0.key === 'embedded' ? 'embedded PostgreSQL 17' : 'PG 15 server'} (one traced run each, milliseconds)`,
        table: { header: ['phase', ...heads], rows },
        after: details.join('\n'),
      });
    }
  }
  const setupKeys = [
    ['script_ms', 'read the schema script from the target (connect included)'],
    ['start_ms', 'start the embedded PostgreSQL 17 on a new data directory (initdb, start)'],
    ['create_ms', 'CREATE DATABASE'],
    ['load_ms', 'ShadowSchema.load (connect included)'],
    ['copy_ms', 'CREATE DATABASE … TEMPLATE of the loaded database, right after the load'],
    ['copy_file_ms', 'the same with STRATEGY FILE_COPY (for comparison)'],
    ['drop_ms', 'DROP DATABASE … WITH (FORCE) of a copy'],
    ['stop_ms', 'stop the embedded PostgreSQL'],
    ['restart_ms', 'start it again on the same data directory (what a later CLI run does)'],
    ['copy_restarted_ms', 'CREATE DATABASE … TEMPLATE after that restart'],
  ];
  const med = (xs, k) => median(xs.map((x) => x[k]));
  const setupRows = setupKeys.map(([k, label]) => [label, ms(med(setups.embedded, k)),
    ['start_ms', 'stop_ms', 'restart_ms', 'copy_restarted_ms'].includes(k) ? '—' : ms(med(setups.server, k))]);
  const spread = (k) => setups.embedded.map((x) => ms(x[k])).join(', ');
  const e0 = setups.embedded[0];
  const s0 = setups.server[0];

  const stmtRows = statements.map((st, k) => [k + 1, norm(st).slice(0, 110) + (norm(st).length > 110 ? '…' : '')]);

  writeResult('migrate', {
    title: 'Migration validation: 50 statements against 500 tables, shadow run included',
    intro: [
      `\`./dbwarden migration-validator --db URL --json FILE\` as a whole process (JVM start to exit), on a database of ${int(TABLES)} tables`,
      `(bench/gen-schema.mjs) with ${int(ROWS)} rows in each of ${DATA_TABLES.map(qname).join(', ')}, for a ${migration.statements}-statement migration`,
      '(bench/lib/migrate-gen.mjs). The validator reads the target\'s catalog, applies its static rules, probes the target\'s rows, and runs',
      'the migration on a throwaway "shadow" copy of the schema: by default on an embedded PostgreSQL 17 that it starts in each process',
      '(keeping its data for the project in a RAM file system, /dev/shm, when there is room, else in the project\'s `.dbwarden/shadow-pg17`),',
      'or, with DBWARDEN_SHADOW_URL, in a scratch database on a server it is',
      'given, here the PG 15 server that also holds the target. The first run for a schema loads it into a template database (named by the',
      'schema\'s hash); later runs copy that template with CREATE DATABASE … TEMPLATE. Both cases are measured: "first run" (no template:',
      'for the embedded shadow a new project directory, so a new data directory, as in a fresh CI checkout; for the server, its template renamed',
      'away) and the steady state.',
      `The validator runs in an empty project directory, so no dbwarden.yaml applies and its code-reference scan has no sources to read. Target: under 5 s.`,
    ].join(' '),
    extraPg: [['embedded PostgreSQL (default shadow)', `${e0.server_version}, shipped in the jar (embedded.pg.version ${embeddedVersion()} in pom.xml)`]],
    sections: [
      {
        heading: 'Results (milliseconds, whole process: median (runs), min, max)',
        table: { header: ['shadow database', 'layers', 'flags', 'median (runs)', 'min', 'max', 'verdict'], rows: resultRows },
        after: [
          `First runs: ${COLD_RUNS} per shadow kind, each without a template, alternating the kinds. Then one untimed run of each`,
          `configuration and ${RUNS} timed rounds over all six, round-robin, so that a burst of load elsewhere is shared out. All through the`,
          'launcher (`./dbwarden`: class-data archive, C1, SerialGC).',
          '',
          'Split by subtracting the medians (noisy: each difference is of two medians of whole processes):',
          '',
          table(['shadow database', 'static rules only', '+ shadow run', '+ data probes', 'full', 'first run: + building the template'], derived),
          '',
          ...staticNote,
          '',
          ...verdictLines,
        ].join('\n'),
      },
      ...traceSections.map((x, k) => (k === 0 ? {
        ...x,
        text: [
          'One more run of each configuration, and one first run, with dbwarden\'s connections sent through bench/lib/pg-wire-tap.mjs (a relay',
          'on 127.0.0.1 that timestamps every statement and ReadyForQuery), so the phases below add up to that run\'s wall time; the relay adds a',
          'little to each round trip. "in the database" is the time during which at least one statement was outstanding (sent, ReadyForQuery not',
          'yet back: server time plus loopback); the rest of a phase is dbwarden\'s own work. The embedded shadow cannot be relayed (dbwarden',
          'starts it on a port of its own), so its side shows as untraced spans; the in-process timing after these tables splits them.',
        ].join(' '),
      } : x)),
      {
        heading: `Shadow set-up in process (milliseconds, median of ${PHASE_RUNS}, one fresh JVM each)`,
        text: [
          '`java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp target/dbwarden.jar bench/lib/ShadowPhases.java` times, cold as in the CLI, the',
          'steps of a shadow\'s set-up with dbwarden\'s own classes (`ShadowSchema.script`, `EmbeddedServer.start` with a data directory,',
          '`ShadowSchema.load`) and the template copy later runs make instead of the load; for the embedded server, which the relay cannot see,',
          `and on the PG 15 server. The script is ${int(e0.script_bytes / 1024)} KiB, ${int(e0.statements)} statements (${e0.failures} refused by the`,
          `embedded ${e0.server_version}, ${s0.failures} by the PG 15 server).`,
        ].join(' '),
        table: { header: ['step', `embedded PostgreSQL ${e0.server_version}`, 'PG 15 server (DBWARDEN_SHADOW_URL)'], rows: setupRows },
        after: [
          'CREATE DATABASE … TEMPLATE is the step to watch. Copying this template (about 3,700 relations, so as many files) took 0.15-0.3 s',
          'when the file system had not deleted many files in the minutes before, and 2-3 s otherwise, on both servers and with either',
          'strategy. Observed by hand on 2026-11-26: the copying backend is on CPU the whole time, and `perf` puts about 75% of it in the',
          'kernel\'s ext4 inode allocator (`__ext4_new_inode` → `find_inode_bit` → `recently_deleted`). On a file system without a journal',
          '(this one has no /proc/fs/jbd2 entry) ext4 passes over inodes deleted in the last minute (six if their inode-table block is still',
          'dirty) when it allocates new ones, and every validation deletes its shadow copy\'s ~3,700 files: back-to-back validations, as here,',
          'are the worst case, and a journaled ext4 or XFS should not show it.',
          '',
          `Embedded, each run (ms): load ${spread('load_ms')}; copy ${spread('copy_ms')}; FILE_COPY ${spread('copy_file_ms')};`,
          `copy after restart ${spread('copy_restarted_ms')}.`,
          'The embedded server runs with fsync, synchronous_commit and full_page_writes off, autovacuum on, pg_stat_statements loaded',
          `(\`EmbeddedServer\`); the PG 15 server with fsync ${psqlValue('show fsync')}, full_page_writes ${psqlValue('show full_page_writes')},`,
          `autovacuum ${psqlValue('show autovacuum')}, shared_buffers ${psqlValue('show shared_buffers')}, and whatever else uses it at the time.`,
        ].join(' '),
      },
      {
        heading: 'What the validator found',
        text: `Verdict of the full run: **${fullSum.verdict}**, ${fullSum.issues} issues on ${fullSum.statements} statements (the same in every run of a`
          + ' configuration unless the results table says otherwise). The shadow adds no issue of its own here: every statement ran on it (a'
          + ' shadow-execution-error would have stopped this benchmark), and no table it rewrote is over its 8 MiB reporting floor or not'
          + ' already flagged. The probes found no offending rows, by design. Issues by rule and configuration:',
        table: {
          header: ['rule', 'verdict', 'layer', ...configs.map((c) => `${c.shadow.key}: ${c.mode.key}`)],
          rows: ruleRows,
        },
        after: fullSum.notes.length
          ? [`Notes in the full run's report${sameNotes ? ' (the same with either shadow)' : ' (embedded shadow)'}:`, '', ...fullSum.notes.map((n) => `- ${n}`),
            ...(sameNotes ? [] : ['', 'With the shadow on the PG 15 server:', '', ...fullServer.notes.map((n) => `- ${n}`)])].join('\n')
          : 'The full run\'s report carries no notes.',
      },
      {
        heading: 'The database and the migration',
        text: [
          `\`${DB}\` on the PG 15 server: ${int(facts.tables)} tables, ${int(facts.indexes)} indexes, ${int(facts.views)} views, ${int(facts.fks)} foreign keys,`,
          `${facts.size}; ${facts.rows.join('; ')}.`,
          prep.reused ? 'Reused from an earlier run (BENCH_KEEP_DBS=1).' : `Built in ${ms(prep.schemaMs)} ms (schema) + ${ms(prep.dataMs)} ms (rows, ANALYZE).`,
          `The rows make every data probe scan and find nothing (names unique, amounts under the new cap, ${qname(B)}.parent_id and`,
          `${qname(C)}.parent_id always set and pointing at rows of ${qname(A)} and ${qname(B)}), so each probe costs its full scan and the`,
          'verdict is not "fails". The migration applies cleanly with `psql -v ON_ERROR_STOP=1 -f` on a copy of the database.',
          KEEP ? 'The database was kept (BENCH_KEEP_DBS=1).' : 'The database was dropped at the end (BENCH_KEEP_DBS=1 keeps and reuses it),',
          `and so were dbwarden's template of its schema on the PG 15 server (${template}) and the project directory with the embedded shadow's data.`,
          `The migration's ${migration.statements} statements (\`node bench/lib/migrate-gen.mjs migration\` prints the file), numbered as the report numbers them:`,
        ].join(' '),
        table: { header: ['#', 'statement (first 110 characters, lower-cased)'], rows: stmtRows },
      },
    ],
    commands: [
      `./dbwarden migration-validator --db ${targetUrl()} --json [--no-shadow --no-data | --no-data] bench/work/migrate/bench_migration.sql`,
      `DBWARDEN_SHADOW_URL=${shadowServerUrl()} ./dbwarden migration-validator --db ${targetUrl()} --json [--no-shadow --no-data | --no-data] bench/work/migrate/bench_migration.sql`,
      `java ${JAVA_OPTS.join(' ')} -cp target/dbwarden.jar bench/lib/ShadowPhases.java jdbc:postgresql://${PG_HOST}:${PG_PORT}/${DB} ${PG_USER} embedded|jdbc:postgresql://${PG_HOST}:${PG_PORT}/postgres ${HELPER_SHADOW_PREFIX}<pid>_<k>`,
    ],
  });
}

function embeddedVersion() {
  try {
    return (readFileSync(path.join(ROOT, 'pom.xml'), 'utf8').match(/<embedded\.pg\.version>([^<]+)</) ?? [])[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
});

// Catalog benchmark: dbwarden's catalog read against `pg_dump --schema-only` on synthetic schemas of 100-5,000 tables.
// Run through bench/run catalog (which builds and snapshots the jar first); writes bench/results/catalog.md.
// Databases dbw_bench_catalog_<N> on the PG 15 server are dropped at the end unless BENCH_KEEP_DBS=1 (then reused).

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from './gen-schema.mjs';
import {
  BENCH, JAR, LAUNCHER, PG_HOST, PG_PORT, PG_USER, WORK, int, log, median, ms, onInterrupt, percentile, psqlValue, writeResult,
} from './lib/common.mjs';

const SIZES = (process.env.BENCH_CATALOG_SIZES ?? '100,1000,5000').split(',').map(Number);
const READS = Number(process.env.BENCH_CATALOG_READS ?? 10);
const WARMUPS = Number(process.env.BENCH_CATALOG_WARMUPS ?? 3);
const DUMPS = Number(process.env.BENCH_PGDUMP_RUNS ?? 5);
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 3);
const KEEP = process.env.BENCH_KEEP_DBS === '1';
// The marker lets a kept database be reused only when it was built by this generator at this size.
const MARKER_VERSION = 'v1';
// The JIT and GC settings of the ./dbwarden launcher, so the in-process numbers are those of a running server.
const JAVA_OPTS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
// A run that takes longer than this is broken (a lock wait, a stuck server), not slow.
const STEP_TIMEOUT_MS = 10 * 60_000;

const dbName = (n) => `dbw_bench_catalog_${n}`;
const pgArgs = ['-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER];

function run(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: STEP_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, ...opts });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(-2000)}`);
  }
  return { ms: elapsed, stdout: r.stdout, stderr: r.stderr };
}

function dbExists(db) {
  return psqlValue(`select count(*) from pg_database where datname = '${db}'`) === '1';
}

function marker(n) {
  return `dbwarden bench catalog ${MARKER_VERSION} ${n} tables`;
}

function prepare(n) {
  const db = dbName(n);
  if (dbExists(db)) {
    const comment = psqlValue(`select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '${db}'`);
    if (comment === marker(n)) {
      log(`reusing ${db}`);
      return { db, genMs: null, reused: true };
    }
    log(`dropping stale ${db}`);
    run('dropdb', [...pgArgs, '--if-exists', '--force', db]);
  }
  const file = path.join(WORK, `catalog-schema-${n}.sql`);
  writeFileSync(file, generate(n));
  run('createdb', [...pgArgs, db]);
  log(`loading ${n} tables into ${db}`);
  const load = run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', db, '-f', file]);
  // Marked only once loaded, so an interrupted load is never reused.
  psqlValue(`comment on database ${db} is '${marker(n)}'`);
  return { db, genMs: load.ms, reused: false, sqlBytes: statSync(file).size };
}

function catalogReads(db, jit = '') {
  const url = `jdbc:postgresql://${PG_HOST}:${PG_PORT}/${db}`;
  const r = run('java', [...JAVA_OPTS, '-cp', JAR, path.join(BENCH, 'CatalogBench.java'), url, PG_USER, String(READS), String(WARMUPS),
    ...(jit ? [jit] : [])]);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function pgDump(db) {
  const dumpFile = path.join(WORK, `${db}.schema.sql`);
  // The untimed first dump warms the server's caches as the untimed warm-up reads do for dbwarden, and gives the size.
  run('pg_dump', [...pgArgs, '--schema-only', '-f', dumpFile, db]);
  const bytes = statSync(dumpFile).size;
  rmSync(dumpFile);
  const times = [];
  for (let i = 0; i < DUMPS; i++) times.push(run('pg_dump', [...pgArgs, '--schema-only', '-f', '/dev/null', db]).ms);
  return { times, bytes };
}

function cliSnapshots(db) {
  const url = `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${db}`;
  const out = path.join(WORK, `${db}.snapshot.json`);
  const walls = [];
  const reads = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    // --out keeps the snapshot out of the state store; cwd WORK keeps any .dbwarden/ state dir inside bench/work.
    const r = run(LAUNCHER, ['snapshot', '--db', url, '--json', '--out', out], { cwd: WORK });
    walls.push(r.ms);
    const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    reads.push(json.read_ms);
  }
  const bytes = statSync(out).size;
  rmSync(out, { force: true });
  return { walls, reads, bytes };
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const pgDumpVersion = run('pg_dump', ['--version']).stdout.trim();
  // The launcher builds its class-data archive on first use; that one-off cost is not a snapshot's.
  run(LAUNCHER, ['--version'], { cwd: WORK });
  const dropAll = () => {
    if (KEEP) return;
    for (const n of SIZES) {
      const db = dbName(n);
      try { run('dropdb', [...pgArgs, '--if-exists', '--force', db]); } catch (e) { log(`could not drop ${db}: ${e.message}`); }
    }
  };
  onInterrupt(dropAll);
  const rows = [];
  const detail = [];
  const verdicts = [];
  try {
    for (const n of SIZES) {
      const prep = prepare(n);
      log(`${prep.db}: dbwarden in-process reads`);
      const reads = catalogReads(prep.db);
      const noJit = catalogReads(prep.db, 'nojit');
      log(`${prep.db}: pg_dump --schema-only x${DUMPS}`);
      const dump = pgDump(prep.db);
      log(`${prep.db}: ./dbwarden snapshot x${CLI_RUNS}`);
      const cli = cliSnapshots(prep.db);
      const readMed = median(reads.timed_ms);
      const dumpMed = median(dump.times);
      rows.push([
        int(n), int(reads.tables), ms(reads.first_ms), ms(readMed), ms(percentile(reads.timed_ms, 90)), ms(Math.min(...reads.timed_ms)),
        ms(dumpMed), `${(dumpMed / readMed).toFixed(1)}x`, ms(median(cli.walls)), ms(median(cli.reads), 0), ms(median(noJit.timed_ms)),
      ]);
      detail.push([
        int(n), int(reads.columns), int(reads.indexes), int(reads.constraints), int(reads.views), int(reads.functions), int(reads.enums),
        prep.reused ? 'reused' : `${ms(prep.genMs)} ms`, `${int(dump.bytes / 1024)} KiB`, `${int(cli.bytes / 1024)} KiB`,
      ]);
      const found = [];
      if (n === 1000) {
        found.push(`1,000 tables under 1 s (warm median ${ms(readMed)} ms, first read ${ms(reads.first_ms)} ms): ${readMed < 1000 && reads.first_ms < 1000 ? 'met' : 'MISSED'}`);
      }
      found.push(`${int(n)} tables faster than pg_dump: ${readMed < dumpMed ? 'met' : 'MISSED'} in process (warm median ${ms(readMed)} vs ${ms(dumpMed)} ms);`
        + ` the whole snapshot CLI process (${ms(median(cli.walls))} ms, JVM start included) is ${median(cli.walls) < dumpMed ? 'faster' : 'slower'} than pg_dump`);
      verdicts.push(...found);
      log(found.join('; '));
    }
  } finally {
    dropAll();
  }

  writeResult('catalog', {
    title: 'Catalog read: dbwarden vs pg_dump --schema-only',
    intro: [
      'Synthetic schemas on the PostgreSQL 15 server, one fresh database per size (bench/gen-schema.mjs): tables spread over',
      '4 schemas, each with 8 columns (identity, enum, jsonb, numeric, boolean, timestamptz, text), a primary key,',
      '1-2 secondary indexes, a foreign key to the previous table and a check constraint; one view and one SQL function',
      'for every 10 tables; 8 enum types. Targets: 1,000 tables in under 1 s, and faster than pg_dump.',
    ].join(' '),
    extraPg: [['pg_dump', pgDumpVersion]],
    sections: [
      {
        heading: 'Results (milliseconds)',
        table: {
          header: ['tables', 'tables dbwarden read', 'dbwarden first read', `dbwarden median (${READS})`, 'dbwarden p90', 'dbwarden min',
            `pg_dump median (${DUMPS})`, 'pg_dump / dbwarden', `dbwarden snapshot CLI wall, median (${CLI_RUNS})`, 'of which read_ms', 'control: dbwarden median, session jit = off'],
          rows,
        },
        after: [
          `- "dbwarden" columns: \`new CatalogReader().read(connection)\` in one JVM (bench/CatalogBench.java, launcher flags ${JAVA_OPTS.join(' ')}),`,
          '  each read in its own REPEATABLE READ, READ ONLY transaction on one open connection; "first read" is the first call in a fresh JVM',
          `  (classes loading, JIT cold), then ${WARMUPS} untimed warm-up reads, then ${READS} timed reads (p90 by nearest rank).`,
          `- pg_dump: \`pg_dump --schema-only -f /dev/null\` wall time as a whole process, after one untimed dump.`,
          '- snapshot CLI: `./dbwarden snapshot --db URL --json --out FILE` as a whole process (JVM start, connect, read, write JSON),',
          '  the fair like-for-like with pg_dump; read_ms is what the CLI reports for its own (cold) catalog read.',
          '- control: the same in-process timed reads on a session with `set jit = off`. The server runs with PostgreSQL\'s',
          '  default `jit = on`, `jit_above_cost = 100000`; on large catalogs the catalog queries\' estimated costs pass that',
          '  threshold and LLVM compilation (`EXPLAIN ANALYZE` shows its "JIT: Timing") becomes much of the read, so dbwarden',
          '  turns JIT off inside its read transaction. The two medians should match; a gap means JIT is back in the read.',
          '',
          ...verdicts.map((v) => `- Target: ${v}`),
        ].join('\n'),
      },
      {
        heading: 'What was read',
        table: {
          header: ['tables', 'columns', 'indexes', 'constraints', 'views', 'functions', 'enums', 'load time (psql -f)', 'pg_dump output', 'snapshot JSON'],
          rows: detail,
        },
        after: KEEP
          ? 'The databases were kept (BENCH_KEEP_DBS=1) and are reused by the next run with the same generator version.'
          : 'The databases were dropped at the end (set BENCH_KEEP_DBS=1 to keep and reuse them).',
      },
    ],
    commands: [
      `java ${JAVA_OPTS.join(' ')} -cp target/dbwarden.jar bench/CatalogBench.java jdbc:postgresql://${PG_HOST}:${PG_PORT}/${dbName('N')} ${PG_USER} ${READS} ${WARMUPS} [nojit]`,
      `pg_dump -h ${PG_HOST} -p ${PG_PORT} -U ${PG_USER} --schema-only -f /dev/null ${dbName('N')}`,
      `./dbwarden snapshot --db postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${dbName('N')} --json --out FILE`,
    ],
  });
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
});

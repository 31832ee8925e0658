// Codegen benchmark: how long dbwarden takes to write the Supabase-style TypeScript types of the 1,000-table schema
// (bench/gen-schema.mjs), as a whole process, next to Supabase's own generator (postgres-meta, as the Supabase CLI runs
// it) on the same database; whether the two outputs are the same types; and dbwarden's `generate --target all`.
// Run through bench/run codegen (which builds and snapshots the jar first); writes bench/results/codegen.md.
// The database dbw_bench_codegen is dropped at the end unless BENCH_KEEP_DBS=1 (then reused).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SCHEMAS, generate } from './gen-schema.mjs';
import {
  LAUNCHER, PG_HOST, PG_PORT, PG_USER, RESULTS, ROOT, WORK, int, log, machineFacts, median, ms, onInterrupt, psqlValue, table,
} from './lib/common.mjs';

const TABLES = Number(process.env.BENCH_CODEGEN_TABLES ?? 1000);
const RUNS = Number(process.env.BENCH_CODEGEN_RUNS ?? 5);
const KEEP = process.env.BENCH_KEEP_DBS === '1';
const DB = 'dbw_bench_codegen';
// Bumped whenever gen-schema.mjs's output changes, so that a kept database is never reused stale.
const MARKER_VERSION = 'v1';
// A generation that takes longer than this is stuck (a lock wait, a hung connection), not slow.
const RUN_TIMEOUT_MS = 5 * 60_000;
const STEP_TIMEOUT_MS = 15 * 60_000;
// The synthetic schema's tables live in four schemas and its enums in public: both generators are given all five,
// with public first and the default, as `supabase gen types typescript --schema public,app,…` would.
const TYPE_SCHEMAS = ['public', ...SCHEMAS];

const E2E = path.join(ROOT, 'e2e', 'codegen');
const REFERENCE = path.join(E2E, 'reference-types.mjs');
const COMPARE = path.join(E2E, 'compare-types.mjs');
const PG_META_SERVER = path.join(E2E, 'node_modules', '@supabase', 'postgres-meta', 'dist', 'server', 'server.js');
const OUT = path.join(WORK, 'codegen');
// dbwarden's project directories (empty, so no dbwarden.yaml applies): one for `types`, whose --out is relative to
// it, and one that `generate --target all` writes into.
const TYPES_PROJECT = path.join(OUT, 'types-project');
const GENERATE_PROJECT = path.join(OUT, 'generate-project');

const pgArgs = ['-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER];
const url = `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${DB}`;


function sh(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: STEP_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(-2000)}`);
  }
  return { ms: performance.now() - t0, stdout: r.stdout, stderr: r.stderr };
}

// ---- the database -----------------------------------------------------------------------------------------------

const marker = () => `dbwarden bench codegen ${MARKER_VERSION} ${TABLES} tables`;

function prepare() {
  // One row when the database exists ('-' when it has no comment), none when it does not.
  const comment = psqlValue(`select coalesce(shobj_description(oid, 'pg_database'), '-') from pg_database where datname = '${DB}'`);
  if (comment === marker()) {
    log(`reusing ${DB}`);
    return { reused: true };
  }
  if (comment) sh('dropdb', [...pgArgs, '--if-exists', '--force', DB]);
  const file = path.join(OUT, `schema-${TABLES}.sql`);
  writeFileSync(file, generate(TABLES));
  sh('createdb', [...pgArgs, DB]);
  log(`loading ${TABLES} tables into ${DB}`);
  const load = sh('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', DB, '-f', file]);
  // Marked only once loaded, so an interrupted load is never reused.
  psqlValue(`comment on database ${DB} is '${marker()}'`);
  return { reused: false, loadMs: load.ms };
}

function dropDb() {
  if (KEEP) return;
  try { sh('dropdb', [...pgArgs, '--if-exists', '--force', DB]); } catch (e) { log(`could not drop ${DB}: ${e.message}`); }
}

// Reads every catalog table either generator reads once, so that neither tool's first run pays for a cold
// shared_buffers that the other's first run then finds warm.
function warmCatalog() {
  const catalogs = ['pg_namespace', 'pg_class', 'pg_attribute', 'pg_attrdef', 'pg_constraint', 'pg_index', 'pg_type', 'pg_enum',
    'pg_proc', 'pg_depend', 'pg_description', 'pg_rewrite', 'pg_inherits', 'pg_policy', 'pg_trigger', 'pg_collation', 'pg_am'];
  psqlValue(catalogs.map((c) => `select count(*) from pg_catalog.${c};`).join(' '), DB);
}

// ---- the commands measured ------------------------------------------------------------------------------------------

/** The environment dbwarden runs with: none of the caller's DBWARDEN_* settings or DATABASE_URL. */
function dbwardenEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DBWARDEN_') && k !== 'DATABASE_URL'));
}

function pgMetaEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG_META_') && k !== 'SENTRY_DSN'));
  return {
    ...env,
    PG_META_DB_URL: url,
    PG_META_GENERATE_TYPES: 'typescript',
    PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: TYPE_SCHEMAS.join(','),
    PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
  };
}

const COMMANDS = [
  {
    key: 'supabase',
    label: 'Supabase: e2e/codegen/reference-types.mjs (postgres-meta 0.99.0 as the CLI runs it, one-to-one on)',
    cmd: process.execPath,
    args: () => [REFERENCE, url, TYPE_SCHEMAS.join(','), '--one-to-one'],
    cwd: ROOT,
    env: () => process.env,
    stdoutTo: (i) => path.join(OUT, `supabase-${i}.ts`),
    shown: `node e2e/codegen/reference-types.mjs ${url} ${TYPE_SCHEMAS.join(',')} --one-to-one > supabase.ts`,
  },
  {
    key: 'pgmeta',
    label: 'Supabase: postgres-meta server.js directly (no wrapper process), same settings',
    cmd: process.execPath,
    args: () => [PG_META_SERVER],
    cwd: E2E,
    env: pgMetaEnv,
    stdoutTo: (i) => path.join(OUT, `pgmeta-${i}.ts`),
    shown: `PG_META_DB_URL=${url} PG_META_GENERATE_TYPES=typescript PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS=${TYPE_SCHEMAS.join(',')}`
      + ' PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS=true node node_modules/@supabase/postgres-meta/dist/server/server.js > supabase.ts'
      + ' (in e2e/codegen)',
  },
  {
    key: 'types',
    label: 'dbwarden: ./dbwarden types (one-to-one detection on by default)',
    cmd: LAUNCHER,
    args: (i) => ['types', '--db', url, '--schema', TYPE_SCHEMAS.join(','), '--out', `dbwarden-${i}.ts`],
    cwd: TYPES_PROJECT,
    env: dbwardenEnv,
    outFile: (i) => path.join(TYPES_PROJECT, `dbwarden-${i}.ts`),
    shown: `./dbwarden types --db ${url} --schema ${TYPE_SCHEMAS.join(',')} --out dbwarden.ts`,
  },
  {
    key: 'generate',
    label: 'dbwarden: ./dbwarden generate --target all (types, interfaces, zod, routes, tests, docs)',
    cmd: LAUNCHER,
    args: () => ['generate', '--db', url, '--schema', TYPE_SCHEMAS.join(','), '--project', GENERATE_PROJECT, '--target', 'all'],
    cwd: GENERATE_PROJECT,
    env: dbwardenEnv,
    shown: `./dbwarden generate --db ${url} --schema ${TYPE_SCHEMAS.join(',')} --project DIR --target all`,
  },
  // Floors, not generators: what starting the process alone costs each runtime, the launcher's way.
  {
    key: 'jvm-floor',
    floor: true,
    label: 'floor: ./dbwarden --version (JVM start, no database)',
    cmd: LAUNCHER,
    args: () => ['--version'],
    cwd: TYPES_PROJECT,
    env: dbwardenEnv,
    shown: './dbwarden --version',
  },
  {
    key: 'node-floor',
    floor: true,
    label: 'floor: node -e "" (Node start)',
    cmd: process.execPath,
    args: () => ['-e', ''],
    cwd: ROOT,
    env: () => process.env,
    shown: 'node -e ""',
  },
];

/** Runs one command as a whole process (spawn to exit) under /usr/bin/time for its peak resident memory. */
function once(c, i) {
  const rssFile = path.join(OUT, `rss-${c.key}.txt`);
  const stdoutFile = c.stdoutTo ? c.stdoutTo(i) : path.join(OUT, `stdout-${c.key}.txt`);
  const fd = openSync(stdoutFile, 'w');
  const t0 = performance.now();
  let r;
  try {
    r = spawnSync('/usr/bin/time', ['-o', rssFile, '-f', '%M', c.cmd, ...c.args(i)], {
      cwd: c.cwd, env: c.env(), stdio: ['ignore', fd, 'pipe'], timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8',
    });
  } finally {
    closeSync(fd);
  }
  const wall = performance.now() - t0;
  if (r.error || r.status !== 0) {
    throw new Error(`${c.key} run ${i} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(-2000)}`);
  }
  const out = c.stdoutTo ? c.stdoutTo(i) : c.outFile?.(i);
  const rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return {
    ms: wall, rssKb, hash: out ? hash(readFileSync(out)) : null, bytes: out ? statSync(out).size : null, statuses: statuses(stdoutFile),
  };
}

/** How many files each status that generate prints per file ("written   path (n bytes)", "unchanged …") has. */
function statuses(file) {
  const counts = {};
  for (const m of readFileSync(file, 'utf8').matchAll(/^(\w+)\s+\S.* \([\d,]+ bytes\)$/gm)) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  return Object.entries(counts).map(([k, n]) => `${int(n)} ${k}`).join(', ') || 'none';
}

function hash(buf) {
  return createHash('sha256').update(buf).digest('hex').slice(0, 16);
}

/** Files and bytes per output directory of generate (its first three levels), dbwarden's own files left out. */
function tree(dir) {
  const per = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (d === dir && (e.name === '.dbwarden' || e.name === 'dbwarden.yaml')) continue;
      if (e.isDirectory()) walk(p);
      else {
        const key = path.relative(dir, path.dirname(p)).split(path.sep).slice(0, 3).join('/') || '.';
        const bucket = per.get(key) ?? { files: 0, bytes: 0 };
        bucket.files += 1;
        bucket.bytes += statSync(p).size;
        per.set(key, bucket);
      }
    }
  };
  walk(dir);
  return per;
}

// ---- the comparison ---------------------------------------------------------------------------------------------------

function compareTypes(expected, actual) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [COMPARE, expected, actual], { cwd: ROOT, encoding: 'utf8', timeout: STEP_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  const took = performance.now() - t0;
  const lines = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => l.trim());
  return { status: r.error ? `error: ${r.error.message}` : r.status, ms: took, lines };
}

// ---- the run ------------------------------------------------------------------------------------------------------

function ensureE2e() {
  if (existsSync(PG_META_SERVER)) return;
  log('npm ci in e2e/codegen (postgres-meta and typescript are missing)');
  sh('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: E2E, stdio: ['ignore', 'ignore', 'pipe'] });
}

function npmVersion(name) {
  const file = path.join(E2E, 'node_modules', ...name.split('/'), 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'not installed';
}

function stats(xs) {
  return { med: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

async function main() {
  ensureE2e();
  rmSync(OUT, { recursive: true, force: true });
  for (const d of [OUT, TYPES_PROJECT, GENERATE_PROJECT]) mkdirSync(d, { recursive: true });
  // The launcher builds its class-data archive on first use; that one-off cost belongs to no generation.
  sh(LAUNCHER, ['--version'], { cwd: OUT, env: dbwardenEnv() });
  onInterrupt(dropDb);
  const results = new Map(COMMANDS.map((c) => [c.key, { first: null, runs: [] }]));
  let prep;
  let comparison;
  let generated;
  try {
    prep = prepare();
    warmCatalog();
    // First runs, in the order listed; then RUNS rounds over all commands, so a burst of load elsewhere lands on each.
    for (const c of COMMANDS) {
      log(`${c.key}: first run`);
      results.get(c.key).first = once(c, 0);
      log(`${c.key}: ${ms(results.get(c.key).first.ms)} ms`);
    }
    generated = tree(GENERATE_PROJECT);
    for (let r = 1; r <= RUNS; r++) {
      for (const c of COMMANDS) {
        const res = once(c, r);
        results.get(c.key).runs.push(res);
        log(`${c.key} run ${r}/${RUNS}: ${ms(res.ms)} ms`);
      }
    }
    log('comparing the types: compare-types.mjs supabase.ts dbwarden.ts');
    comparison = compareTypes(path.join(OUT, 'supabase-0.ts'), path.join(TYPES_PROJECT, 'dbwarden-0.ts'));
    log(`compare-types exit ${comparison.status} in ${ms(comparison.ms)} ms`);
  } finally {
    dropDb();
  }
  writeResults({ prep, results, comparison, generated });
}

function writeResults({ prep, results, comparison, generated }) {
  const rows = [];
  for (const c of COMMANDS) {
    const res = results.get(c.key);
    const s = stats(res.runs.map((x) => x.ms));
    const rss = median(res.runs.map((x) => x.rssKb));
    const output = c.floor ? '' : res.first.bytes == null ? 'see below' : `${int(res.first.bytes / 1024)} KiB`;
    rows.push([c.label, ms(res.first.ms), ms(s.med), ms(s.min), ms(s.max), `${int(rss / 1024)} MiB`, output]);
  }
  const med = (k) => median(results.get(k).runs.map((x) => x.ms));
  const deterministic = (k) => {
    const r = results.get(k);
    return new Set([r.first, ...r.runs].map((x) => x.hash)).size === 1;
  };
  const sameAcrossRuns = ['supabase', 'pgmeta', 'types'].map((k) => `${k}: ${deterministic(k) ? 'yes' : 'NO'}`).join(', ');
  const genTypes = path.join(GENERATE_PROJECT, 'src', 'types', 'database.ts');
  const genSame = existsSync(genTypes) && hash(readFileSync(genTypes)) === results.get('types').first.hash;

  const diffs = comparison.lines.filter((l) => !/^compare-types: \d+ difference/.test(l));
  const verdict = comparison.status === 0
    ? `**exit 0: the same types.** \`compare-types.mjs\` compiled both files together (TypeScript ${npmVersion('typescript')}, strict) and found no difference (took ${ms(comparison.ms)} ms).`
    : `**exit ${comparison.status}: not the same types.** ${diffs.length} line(s) of differences reported (took ${ms(comparison.ms)} ms); the first ${Math.min(40, diffs.length)}:`;

  const genRows = [...generated.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dir, v]) => [dir, int(v.files), `${int(v.bytes / 1024)} KiB`]);
  const total = [...generated.values()].reduce((a, v) => ({ files: a.files + v.files, bytes: a.bytes + v.bytes }), { files: 0, bytes: 0 });
  genRows.push(['total', int(total.files), `${int(total.bytes / 1024)} KiB`]);

  const command = process.env.BENCH_COMMAND ?? 'bench/run codegen';
  const out = [];
  out.push('# Code generation: dbwarden vs the Supabase generator on 1,000 tables', '');
  out.push([
    `The synthetic schema of the catalog benchmark (bench/gen-schema.mjs ${TABLES}) on the PostgreSQL 15 server, as database ${DB}:`,
    `${int(TABLES)} tables over the schemas ${SCHEMAS.join(', ')} (8 columns each, identity, enum, jsonb, numeric, a foreign key to the`,
    'previous table, which is in another schema), one view and one SQL function per 10 tables, 8 enums in public.',
    `Both generators get the five schemas ${TYPE_SCHEMAS.join(', ')} (public the default) and detect one-to-one relationships.`,
    'Every time is a whole process, spawn to exit, as a user or CI runs it (JVM or Node start, connect, read, render, write).',
  ].join(' '), '');
  out.push(`Produced by \`${command}\` (from the repository root).`, '');
  out.push('## Machine', '', table(['fact', 'value'], machineFacts()), '');
  out.push(`npm packages (exact, from e2e/codegen/package-lock.json): \`@supabase/postgres-meta\` ${npmVersion('@supabase/postgres-meta')}`
    + ` (delegating to \`@supabase/postgrest-typegen\` ${npmVersion('@supabase/postgrest-typegen')}), \`typescript\` ${npmVersion('typescript')}.`, '');
  out.push('## Results (milliseconds, wall time of the whole process)', '');
  out.push(table(['command', 'first run', `median (${RUNS})`, 'min', 'max', 'peak RSS, median', 'output'], rows), '');
  out.push([
    `- Supabase / dbwarden \`types\`, medians: ${(med('supabase') / med('types')).toFixed(1)}x`
      + ` (${ms(med('supabase'))} vs ${ms(med('types'))} ms); without the wrapper process: ${(med('pgmeta') / med('types')).toFixed(1)}x.`,
    `- \`generate --target all\` takes ${(med('generate') / med('types')).toFixed(1)}x as long as \`types\` alone.`,
    `- Process start alone (the floor rows): ${ms(med('jvm-floor'))} ms for the launcher's JVM, ${ms(med('node-floor'))} ms for Node;`
      + ' `reference-types.mjs` starts Node twice.',
    `- First run: each command once, in the order of the table, after one read of the catalog tables with psql so that`,
    '  shared_buffers are warm for all alike, and after `./dbwarden --version` wrote the launcher\'s class-data archive;',
    `  then ${RUNS} rounds over all the commands (round-robin). The database was ${prep.reused ? 'reused, kept by an earlier run with BENCH_KEEP_DBS=1' : `loaded just before (psql -f, ${ms(prep.loadMs)} ms)`}.`,
    '- `reference-types.mjs` starts Node, which starts postgres-meta\'s `server.js` in a second Node process (as the Supabase',
    '  CLI starts the postgres-meta container) and prints what it wrote; the second Supabase row runs `server.js` alone.',
    '  The Supabase CLI itself adds a Docker container start on top, which is not measured here.',
    '- `generate --target all` writes into the same project directory every run: the first run into an empty one',
    `  (${results.get('generate').first.statuses}), later runs over their own previous output, which they read, compare and`,
    `  leave alone when it is current (last run: ${results.get('generate').runs.at(-1).statuses}), the steady state of a CI job that regenerates.`,
    '- Peak RSS: `/usr/bin/time -f %M`, the largest resident set of the process and its children.',
    `- Same output on every run: ${sameAcrossRuns}. The types file \`generate --target all\` wrote is byte-identical to`,
    `  \`types --out\`: ${genSame ? 'yes' : 'NO'}.`,
  ].join('\n'), '');
  out.push('## Are the two outputs the same types?', '');
  out.push(`\`node e2e/codegen/compare-types.mjs supabase.ts dbwarden.ts\` on the first run's outputs`
    + ` (${int(results.get('supabase').first.bytes / 1024)} KiB and ${int(results.get('types').first.bytes / 1024)} KiB): ${verdict}`, '');
  if (comparison.status !== 0) out.push('```', ...diffs.slice(0, 40), '```', '');
  out.push('## What `generate --target all` wrote (first run)', '');
  out.push(table(['directory', 'files', 'bytes'], genRows), '');
  out.push('## Commands measured', '', ...COMMANDS.map((c) => `- \`${c.shown}\``), `- \`node e2e/codegen/compare-types.mjs supabase.ts dbwarden.ts\``, '');
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, 'codegen.md');
  writeFileSync(file, out.join('\n'));
  log(`wrote ${path.relative(ROOT, file)}`);
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
});

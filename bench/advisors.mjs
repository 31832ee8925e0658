// Advisors benchmark: dbwarden's lints against splinter's SQL on one database seeded with planted positives and tricky
// negatives for every rule (src/test/resources/io/dbwarden/advise/planted.sql, the file AdvisorsTest uses), then the
// time to run all lints on the 1,000-table schema of gen-schema.mjs. Writes bench/results/advisors.md.
//
// splinter is not part of this repository: set SPLINTER_SQL to the path of its splinter.sql (a checkout of
// supabase/splinter). Without it only dbwarden's column is filled in.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { generate } from './gen-schema.mjs';
import { LAUNCHER, PG_HOST, PG_PORT, PG_USER, ROOT, WORK, log, median, ms, psqlValue, writeResult } from './lib/common.mjs';

const PLANTED = path.join(ROOT, 'src/test/resources/io/dbwarden/advise/planted.sql');
const SPLINTER_SQL = process.env.SPLINTER_SQL;
const RUNS = Number(process.env.BENCH_ADVISORS_RUNS ?? 5);
const TABLES = Number(process.env.BENCH_ADVISORS_TABLES ?? 1000);
// Same settings as AdvisorsTest: the schemas PostgREST would expose, pg_graphql's lints forced on, any bloat counts.
const EXPOSED = ['public', 'hidden', 'pgmq_public'];
const CONFIG = `advisors:\n  exposed_schemas: [${EXPOSED.join(', ')}]\n  graphql: "on"\n  bloat_min_mb: 0\n  check_min_level: "off"\n`;
// Checks splinter has no lint for: its column says so instead of counting zeros.
// 0012 is documentation only in splinter (no SQL).
const SPLINTER_LACKS = new Set(['invalid-index', 'not-valid-constraint', 'prefix-redundant-index', 'sequence-near-limit',
  'auth-allow-anonymous-sign-ins']);
const pgArgs = ['-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER];

function run(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 256 * 1024 * 1024, ...opts });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || (r.status !== 0 && !opts.allowFail)) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(-2000)}`);
  }
  return { ms: elapsed, stdout: r.stdout, stderr: r.stderr };
}

function freshDb(name) {
  run('psql', ['-X', '-q', ...pgArgs, '-d', 'postgres', '-c', `drop database if exists ${name}`]);
  run('psql', ['-X', '-q', ...pgArgs, '-d', 'postgres', '-c', `create database ${name}`]);
  return `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${name}`;
}

function expectations() {
  const out = [];
  for (const line of readFileSync(PLANTED, 'utf8').split('\n')) {
    const m = line.trim().match(/^-- (expect|reject): (\S+) (\S+)$/);
    if (m) out.push({ expected: m[1] === 'expect', rule: m[2], subject: m[3] });
  }
  return out;
}

function dbwarden(url, project) {
  const r = run(LAUNCHER, ['advisors', '--json', '--db', url, '--project', project]);
  return { ms: r.ms, report: JSON.parse(r.stdout) };
}

/** splinter's row as (rule, subject) in dbwarden's naming, from its metadata, detail or cache_key. */
function splinterSubject(row) {
  const m = row.metadata ?? {};
  // splinter writes its backticks as \` inside standard strings, so the detail carries the backslash too
  const quoted = [...(row.detail ?? '').matchAll(/\\?`([^`\\]+)\\?`/g)].map((x) => x[1]);
  switch (row.name) {
    case 'auth_rls_initplan':
    case 'rls_references_user_metadata':
      return `${quoted[0]}.${quoted[1]}`;
    case 'rls_policy_always_true':
      return `${m.schema}.${m.name}.${m.policy_name}`;
    case 'unindexed_foreign_keys':
      return `${m.schema}.${m.name}.${m.fkey_name}`;
    case 'unused_index':
      return `${m.schema}.${m.name}.${row.cache_key.slice(`unused_index_${m.schema}_${m.name}_`.length)}`;
    case 'fkey_to_auth_unique':
      return `${m.schema}.${m.name}.${m.foreign_key}`;
    case 'unsupported_reg_types':
      return `${m.schema}.${m.name}.${m.column}`;
    case 'extension_in_public':
      return m.name;
    case 'extension_versions_outdated':
      return m.extension_name;
    case 'public_bucket_allows_listing':
      return `storage.buckets.${m.bucket_id}`;
    case 'function_search_path_mutable':
      return `${m.schema}.${m.name}(`; // no arguments in splinter's metadata: matched as a prefix
    case 'anon_security_definer_function_executable':
    case 'authenticated_security_definer_function_executable':
      return `${m.schema}.${m.name}(${m.arguments ?? ''})`;
    default:
      return `${m.schema}.${m.name}`;
  }
}

async function splinter(url) {
  const sql = readFileSync(SPLINTER_SQL, 'utf8');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('pgrst.db_schemas', $1, true)`, [EXPOSED.join(', ')]);
    const t0 = process.hrtime.bigint();
    const results = await client.query(sql);
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
    await client.query('rollback');
    const last = Array.isArray(results) ? results[results.length - 1] : results;
    return { ms: elapsed, rows: last.rows };
  } finally {
    await client.end();
  }
}

function score(cases, found) {
  const has = (c) => [...found].some((f) => f === `${c.rule} ${c.subject}` || (f.endsWith('(') && `${c.rule} ${c.subject}`.startsWith(f)));
  let tp = 0, fn = 0, fp = 0, tn = 0;
  const misses = [];
  for (const c of cases) {
    const hit = has(c);
    if (c.expected && hit) tp++;
    else if (c.expected) { fn++; misses.push(`missed ${c.rule} ${c.subject}`); }
    else if (hit) { fp++; misses.push(`false positive ${c.rule} ${c.subject}`); }
    else tn++;
  }
  return { tp, fn, fp, tn, misses };
}

const pct = (a, b) => (b === 0 ? 'n/a' : `${(100 * a / b).toFixed(1)}%`);

async function main() {
  mkdirSync(WORK, { recursive: true });
  const project = path.join(WORK, 'advisors-project');
  // a fresh state store each time, so findings and migrations of an earlier build never carry over
  rmSync(path.join(project, '.dbwarden'), { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'dbwarden.yaml'), CONFIG);

  log('seeding the planted database');
  const planted = freshDb('dbw_bench_advisors_planted');
  run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', 'dbw_bench_advisors_planted', '-f', PLANTED]);
  const cases = expectations();
  const ours = dbwarden(planted, project);
  const oursFound = new Set(ours.report.findings.map((f) => `${f.name} ${f.subject}`));
  let theirs = null;
  if (SPLINTER_SQL && existsSync(SPLINTER_SQL)) {
    const s = await splinter(planted);
    theirs = new Set(s.rows.map((r) => `${r.name.replace(/_/g, '-')} ${splinterSubject(r)}`));
  } else {
    log('SPLINTER_SQL is not set: splinter is left out');
  }

  const rules = [...new Set(cases.map((c) => c.rule))];
  const rows = [];
  const totals = { ours: { tp: 0, fn: 0, fp: 0, tn: 0 }, theirs: { tp: 0, fn: 0, fp: 0, tn: 0 } };
  const notes = [];
  for (const rule of rules) {
    const rc = cases.filter((c) => c.rule === rule);
    const o = score(rc, oursFound);
    const t = theirs ? score(rc, theirs) : null;
    for (const k of ['tp', 'fn', 'fp', 'tn']) { totals.ours[k] += o[k]; if (t) totals.theirs[k] += t[k]; }
    notes.push(...o.misses.map((m) => `dbwarden ${m}`), ...(t ? t.misses.map((m) => `splinter ${m}`) : []));
    const splinterHas = !SPLINTER_LACKS.has(rule);
    rows.push([rule, rc.filter((c) => c.expected).length, rc.filter((c) => !c.expected).length,
      `${o.tp}/${o.tp + o.fn}`, o.fp, t && splinterHas ? `${t.tp}/${t.tp + t.fn}` : 'no such lint', t && splinterHas ? t.fp : '-']);
  }
  const summary = (x) => [pct(x.tp, x.tp + x.fp), pct(x.tp, x.tp + x.fn), x.tp, x.fn, x.fp];

  log(`building the ${TABLES}-table schema`);
  const bigName = `dbw_bench_advisors_${TABLES}`;
  const big = freshDb(bigName);
  const file = path.join(WORK, `advisors-schema-${TABLES}.sql`);
  writeFileSync(file, generate(TABLES));
  run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', bigName, '-f', file]);
  const relations = psqlValue("select count(*) from pg_class where relkind in ('r', 'p')", bigName);
  const cli = [], inProcess = [], theirTimes = [];
  let bigFindings = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = dbwarden(big, project);
    cli.push(r.ms);
    inProcess.push(r.report.millis);
    bigFindings = r.report.total;
    if (theirs) theirTimes.push((await splinter(big)).ms);
  }
  for (const db of ['dbw_bench_advisors_planted', bigName]) run('psql', ['-X', '-q', ...pgArgs, '-d', 'postgres', '-c', `drop database ${db}`]);

  writeResult('advisors', {
    title: 'Advisors: dbwarden lints against splinter',
    intro: 'Both run on one database seeded from `src/test/resources/io/dbwarden/advise/planted.sql`: for every rule, planted '
      + 'positives (`-- expect:`) and tricky negatives (`-- reject:`), many of them the cases splinter is known to get wrong. '
      + 'Only labelled cases are scored; other findings on the same objects are not counted either way. The cases were written '
      + 'by dbwarden\'s authors around splinter\'s documented weaknesses, so splinter\'s scores here measure those weaknesses, '
      + 'not its accuracy on a typical database. '
      + `Exposed schemas: ${EXPOSED.join(', ')} (pgrst.db_schemas for splinter, advisors.exposed_schemas for dbwarden). `
      + 'splinter runs from a fetched copy of supabase/splinter (`splinter.sql`, not in this repository) named by SPLINTER_SQL.',
    sections: [
      { heading: 'Precision and recall on the planted database', table: { header: ['tool', 'precision', 'recall', 'true positives', 'missed', 'false positives'],
        rows: [['dbwarden', ...summary(totals.ours)], ...(theirs ? [['splinter', ...summary(totals.theirs)]] : [])] },
        after: 'The splinter row counts the rules it lacks (invalid-index, not-valid-constraint, prefix-redundant-index, '
          + 'sequence-near-limit, and 0012 which splinter documents without SQL) as misses; the table below shows them per rule. Its pg_graphql lints (0026/0027) only run '
          + 'when the pg_graphql extension is installed, which this server does not have; dbwarden runs them with graphql: "on".' },
      { heading: 'Per rule', table: { header: ['rule', 'positives', 'negatives', 'dbwarden found', 'dbwarden false positives', 'splinter found', 'splinter false positives'], rows } },
      { heading: 'Every miss and false positive', text: notes.length ? notes.map((n) => `- ${n}`).join('\n') : 'None.' },
      { heading: `Time to run every lint on the ${TABLES}-table schema`, table: { header: ['measure', 'median', 'min', 'max', 'runs'], rows: [
        ['dbwarden advisors --json (CLI, JVM start included)', `${ms(median(cli))} ms`, `${ms(Math.min(...cli))} ms`, `${ms(Math.max(...cli))} ms`, RUNS],
        ['dbwarden lints inside the run (all queries, one read-only transaction)', `${ms(median(inProcess))} ms`, `${ms(Math.min(...inProcess))} ms`, `${ms(Math.max(...inProcess))} ms`, RUNS],
        ...(theirs ? [['splinter.sql (one query over pg, no JVM)', `${ms(median(theirTimes))} ms`, `${ms(Math.min(...theirTimes))} ms`, `${ms(Math.max(...theirTimes))} ms`, RUNS]] : []),
      ] }, after: `${relations} tables and partitions; dbwarden reported ${bigFindings} findings there.` },
    ],
  });
}

main().catch((e) => { console.error(e); process.exit(1); });

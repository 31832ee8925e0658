// Loads dbwarden's demo database (src/main/resources/io/dbwarden/demo/schema.sql, then data.sql) into the PG 15 server
// as dbw_bench_demo, so that dbwarden and the peer servers are measured against one database on one server.
// It is reused while its comment matches the SQL's hash, and dropped by dropDemoDb() unless BENCH_KEEP_DBS=1.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PG_HOST, PG_PORT, PG_USER, ROOT, log, onInterrupt, psqlValue } from './common.mjs';

export const DEMO_DB = 'dbw_bench_demo';
const SQL_DIR = path.join(ROOT, 'src', 'main', 'resources', 'io', 'dbwarden', 'demo');
const pgArgs = ['-h', PG_HOST, '-p', String(PG_PORT), '-U', PG_USER];

export function demoUrl() {
  return `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${DEMO_DB}`;
}

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5 * 60_000 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

export function ensureDemoDb() {
  onInterrupt(dropDemoDb);
  const files = ['schema.sql', 'data.sql'].map((f) => path.join(SQL_DIR, f));
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(f));
  const marker = `dbwarden bench demo ${hash.digest('hex').slice(0, 16)}`;
  const exists = psqlValue(`select count(*) from pg_database where datname = '${DEMO_DB}'`) === '1';
  if (exists) {
    const comment = psqlValue(`select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '${DEMO_DB}'`);
    if (comment === marker) {
      log(`reusing ${DEMO_DB}`);
      return demoUrl();
    }
    sh('dropdb', [...pgArgs, '--if-exists', '--force', DEMO_DB]);
  }
  log(`loading the demo database into ${DEMO_DB} on ${PG_HOST}:${PG_PORT}`);
  sh('createdb', [...pgArgs, DEMO_DB]);
  const psql = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pgArgs, '-d', DEMO_DB];
  for (const f of files) sh('psql', [...psql, '-f', f]);
  sh('psql', [...psql, '-c', 'analyze']);
  psqlValue(`comment on database ${DEMO_DB} is '${marker}'`);
  return demoUrl();
}

export function dropDemoDb() {
  if (process.env.BENCH_KEEP_DBS === '1') return;
  try {
    sh('dropdb', [...pgArgs, '--if-exists', '--force', DEMO_DB]);
  } catch (e) {
    log(`could not drop ${DEMO_DB}: ${e.message}`);
  }
}

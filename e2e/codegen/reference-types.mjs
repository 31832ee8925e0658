#!/usr/bin/env node
// Prints what the real Supabase generator (`supabase gen types typescript`) emits for a database.
//
//   node reference-types.mjs <postgres-url> <schemas-comma-list> [--one-to-one]
//        [--postgrest-version X] [--default-schema S]
//
// The Supabase CLI runs the postgres-meta image as `node dist/server/server.js` with PG_META_*
// environment variables; this does the same with the pinned npm package. The CLI sets
// --one-to-one (PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS=true) except in
// PostgREST v9 compatibility mode, and PG_META_POSTGREST_VERSION when it knows the version.
// Exit codes: 0 printed, 1 the generator failed, 2 usage error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const usage =
  'usage: node reference-types.mjs <postgres-url> <schemas-comma-list> [--one-to-one] ' +
  '[--postgrest-version X] [--default-schema S]';

function fail(code, message) {
  process.stderr.write(`reference-types: ${message}\n`);
  process.exit(code);
}

const positional = [];
let oneToOne = false;
let postgrestVersion;
let defaultSchema;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--one-to-one') oneToOne = true;
  else if (a === '--postgrest-version' || a === '--default-schema') {
    const v = argv[++i];
    if (v === undefined || v === '') fail(2, `${a} needs a value\n${usage}`);
    if (a === '--postgrest-version') postgrestVersion = v;
    else defaultSchema = v;
  } else if (a.startsWith('--')) fail(2, `unknown option ${a}\n${usage}`);
  else positional.push(a);
}
if (positional.length !== 2) fail(2, usage);
const [url, schemaList] = positional;
if (!/^postgres(ql)?:\/\//.test(url)) fail(2, `not a postgres:// URL: ${url}`);
const schemas = schemaList.split(',').map((s) => s.trim()).filter(Boolean);
if (schemas.length === 0) fail(2, 'no schema given');

const server = join(here, 'node_modules', '@supabase', 'postgres-meta', 'dist', 'server', 'server.js');
if (!existsSync(server)) {
  fail(1, `postgres-meta is not installed (missing node_modules/@supabase/postgres-meta); run npm ci in ${here}`);
}

const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('PG_META_')) delete env[k];
Object.assign(env, {
  PG_META_DB_URL: url,
  PG_META_GENERATE_TYPES: 'typescript',
  PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas.join(','),
  PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: oneToOne ? 'true' : 'false',
});
if (defaultSchema) env.PG_META_GENERATE_TYPES_DEFAULT_SCHEMA = defaultSchema;
if (postgrestVersion) env.PG_META_POSTGREST_VERSION = postgrestVersion;
// Sentry stays off unless a DSN is configured; make sure none is inherited.
delete env.SENTRY_DSN;

const r = spawnSync(process.execPath, [server], {
  env,
  cwd: here,
  encoding: 'utf8',
  maxBuffer: 1024 * 1024 * 1024,
  timeout: 10 * 60 * 1000,
});
if (r.error) fail(1, `could not run the generator: ${r.error.message}`);
const out = r.stdout ?? '';
if (r.status !== 0 || !/export type Database\b/.test(out)) {
  const why = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  fail(1, `the generator failed (${why}):\n${(r.stderr || '').trim() || out.trim().slice(0, 4000)}`);
}
process.stdout.write(out);

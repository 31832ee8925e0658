#!/usr/bin/env node
// Self-tests of compare-types.mjs: the real generator's output compared with itself and with
// mutated copies of it.
//
//   node compare-types.selftest.mjs [--types generated.ts] [postgres-admin-url]
//
// Without --types it creates a scratch database on the server of postgres-admin-url (default
// postgres://postgres@127.0.0.1:5432/postgres), loads everything.sql with psql, runs
// reference-types.mjs on schemas public,app, and drops the database again.
// Prints one line per case and "N passed, N failed"; exits 1 when a case fails.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, '..', '..', 'src', 'test', 'resources', 'io', 'dbwarden', 'codegen', 'everything.sql');
const args = process.argv.slice(2);
let typesFile;
let adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--types') typesFile = args[++i];
  else adminUrl = args[i];
}

const work = mkdtempSync(join(tmpdir(), 'compare-selftest-'));
let failed = 0;
let passed = 0;
const jobs = [];
try {
  const expected = typesFile ? readFileSync(typesFile, 'utf8') : generate();
  const expectedFile = join(work, 'expected.ts');
  writeFileSync(expectedFile, expected);
  runCases(expected, expectedFile);
  await runJobs();
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.error) throw r.error;
  return r;
}

function generate() {
  const db = `dbwarden_codegen_selftest_${process.pid}`;
  const url = new URL(adminUrl);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${db}`;
  const psql = (u, extra) => sh('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', u, ...extra]);
  let r = psql(url.href, ['-c', `create database ${db}`]);
  if (r.status !== 0) throw new Error(`create database failed: ${r.stderr}`);
  try {
    r = psql(dbUrl.href, ['-f', fixture]);
    if (r.status !== 0) throw new Error(`loading everything.sql failed: ${r.stderr}`);
    r = sh(process.execPath, [join(here, 'reference-types.mjs'), dbUrl.href, 'public,app']);
    if (r.status !== 0) throw new Error(`reference-types failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    psql(url.href, ['-c', `drop database if exists ${db}`]);
  }
}

// Text surgery on the generated file: find each anchor in turn, then replace the first `from`
// after the last one.
function edit(text, anchors, from, to) {
  let pos = 0;
  for (const a of anchors) {
    const i = text.indexOf(a, pos);
    if (i < 0) throw new Error(`anchor not found: ${a}`);
    pos = i + a.length;
  }
  const j = text.indexOf(from, pos);
  if (j < 0) throw new Error(`text not found after ${anchors.join(' > ')}: ${from}`);
  return text.slice(0, j) + to + text.slice(j + from.length);
}

// The lines of the block that opens with `opener` (a whole line) up to its closing line at the
// same indentation: [startLine, endLine] (exclusive of both).
function block(lines, opener, from = 0) {
  const start = lines.findIndex((l, i) => i >= from && l === opener);
  if (start < 0) throw new Error(`block not found: ${opener}`);
  const indent = opener.match(/^ */)[0];
  const end = lines.findIndex((l, i) => i > start && (l === `${indent}}` || l === `${indent}]`));
  return [start + 1, end];
}

function within(text, openers, fn) {
  const lines = text.split('\n');
  let from = 0;
  let range;
  for (const o of openers) {
    range = block(lines, o, from);
    from = range[0];
  }
  const [s, e] = range;
  const out = [...lines.slice(0, s), ...fn(lines.slice(s, e)), ...lines.slice(e)];
  return out.join('\n');
}

function compare(expectedFile, actualText, n) {
  const f = join(work, `actual-${n}.ts`);
  writeFileSync(f, actualText);
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(here, 'compare-types.mjs'), expectedFile, f]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', rej);
    child.on('close', (status) => res({ status, stdout, stderr }));
  });
}

function check(name, expectedFile, actual, want) {
  jobs.push({ name, expectedFile, actual, want, n: jobs.length });
}

// Runs the cases a few at a time and reports them in order.
async function runJobs() {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        const text = typeof job.actual === 'function' ? job.actual() : job.actual;
        results[job.n] = { r: await compare(job.expectedFile, text, job.n) };
      } catch (err) {
        results[job.n] = { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(2, availableParallelism())) }, worker));
  for (const job of jobs) report(job.name, results[job.n], job.want);
}

function report(name, { r, err }, want) {
  if (err) {
    failed++;
    process.stdout.write(`FAIL ${name}: ${err.message}\n`);
    return;
  }
  const out = `${r.stdout}${r.stderr}`;
  const problems = [];
  if (r.status !== want.exit) problems.push(`exit ${r.status}, wanted ${want.exit}`);
  for (const line of want.lines ?? []) if (!out.includes(line)) problems.push(`missing line: ${line}`);
  if (want.count !== undefined) {
    const m = /compare-types: (\d+) difference/.exec(out);
    if (!m || Number(m[1]) !== want.count) problems.push(`wanted ${want.count} difference(s), got ${m ? m[1] : 'none'}`);
  }
  if (problems.length === 0) {
    passed++;
    process.stdout.write(`ok   ${name}\n`);
  } else {
    failed++;
    process.stdout.write(`FAIL ${name}: ${problems.join('; ')}\n${out.replace(/^/gm, '     ')}\n`);
  }
}

function runCases(x, xf) {
  const T = '  public: {';
  check('identical', xf, x, { exit: 0 });

  check('property made optional', xf, () => edit(x, [T, '      books: {', '        Insert: {'], '          title: string', '          title?: string'), {
    exit: 1, count: 2,
    lines: ['Database.public.Tables.books.Insert.title: expected : string, got ?: string (optionality differs)',
      'helpers: 2 helper instantiation(s) also differ'],
  });

  check('never removed', xf, () => edit(x, [T, '      defaults_and_identity: {', '        Insert: {'], '          c_generated?: never', '          c_generated?: number'), {
    exit: 1, count: 2,
    lines: ['Database.public.Tables.defaults_and_identity.Insert.c_generated: expected ?: never, got ?: number'],
  });

  check('nullable dropped', xf, () => edit(x, [T, '      author_profiles: {', '        Row: {'], '          bio: string | null', '          bio: string'), {
    exit: 1,
    lines: ['Database.public.Tables.author_profiles.Row.bio: expected : string | null, got : string'],
  });

  check('extra key', xf, () => edit(x, [T, '      shelves: {', '        Row: {'], '          position: number | null', '          position: number | null\n          extra_col: string'), {
    exit: 1,
    lines: ['Database.public.Tables.shelves.Row: unexpected "extra_col" (actual has it, expected does not)'],
  });

  check('missing table', xf, () => {
    const lines = x.split('\n');
    const start = lines.indexOf('      shelves: {');
    const end = lines.findIndex((l, i) => i > start && l === '      }');
    return [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
  }, {
    exit: 1, count: 1,
    lines: ['Database.public.Tables: missing "shelves" (expected has it, actual does not)'],
  });

  check('reordered columns (equal)', xf, () => within(x, [T, '      all_types: {', '        Row: {'], (ls) => ls.reverse()), { exit: 0 });

  check('reordered relationships (equal)', xf, () => within(x, [T, '      editions: {', '        Relationships: ['], (ls) => {
    const entries = [];
    for (let i = 0; i < ls.length; i += 6) entries.push(ls.slice(i, i + 6));
    return entries.reverse().flat();
  }), { exit: 0 });

  check('reordered tables and quoting (equal)', xf, () => {
    let t = x.replace('      author_profiles: {', '      "author_profiles": {');
    t = t.replace(/^(\s+)c_text: string \| null$/m, "$1'c_text': null | string");
    return t;
  }, { exit: 0 });

  check('relationship changed', xf, () => edit(x, [T, '      edition_reviews: {', '        Relationships: ['], 'columns: ["book_id", "edition_no"]', 'columns: ["edition_no", "book_id"]'), {
    exit: 1, count: 2,
    lines: ['Database.public.Tables.edition_reviews.Relationships: missing entry {"columns":["book_id","edition_no"]'],
  });

  check('overloads reordered (equal)', xf, () => edit(x, [T, '      fn_overload:'],
    '        | { Args: { a: number }; Returns: number }\n        | { Args: { a: number; b: number }; Returns: number }',
    '        | { Args: { a: number; b: number }; Returns: number }\n        | { Args: { a: number }; Returns: number }'), { exit: 0 });

  check('overload return changed', xf, () => edit(x, [T, '      fn_overload:'], '{ Args: { n: number; s: string }; Returns: string }', '{ Args: { n: number; s: string }; Returns: number }'), {
    exit: 1,
    lines: ['Database.public.Functions.fn_overload(overload Args keys ["n","s"]).Returns: expected : string, got : number'],
  });

  check('Args never instead of Record<PropertyKey, never>', xf, () => edit(x, [T, '      fn_no_args:'], 'Args: Record<PropertyKey, never>', 'Args: never'), {
    exit: 1, lines: ['Database.public.Functions.fn_no_args.Args: expected : Record<PropertyKey, never>, got : never'],
  });

  check('enum label missing', xf, () => edit(x, [T, '    Enums: {'], 'mood: "sad" | "ok" | "happy"', 'mood: "sad" | "ok"'), {
    exit: 1, count: 2,
    lines: ['Database.public.Enums.mood: missing label "happy"', 'helpers: 27 helper instantiation(s) also differ'],
  });

  check('enum union reordered (equal)', xf, () => edit(x, [T, '    Enums: {'], 'mood: "sad" | "ok" | "happy"', 'mood: "happy" | "sad" | "ok"'), { exit: 0 });

  check('Constants label order changed', xf, () => edit(x, ['export const Constants', '  public: {'], 'mood: ["sad", "ok", "happy"]', 'mood: ["ok", "sad", "happy"]'), {
    exit: 1, lines: ['Constants.public.Enums.mood[0]: expected "sad", got "ok"'],
  });

  check('any instead of unknown', xf, () => edit(x, [T, '      all_types: {', '        Row: {'], '          c_money: unknown', '          c_money: any'), {
    exit: 1, lines: ['Database.public.Tables.all_types.Row.c_money: expected : unknown, got : any'],
  });

  check('NonNullable<Json> loosened to Json', xf, () => edit(x, [T, '      all_types: {', '        Row: {'], '          nn_json: NonNullable<Json>', '          nn_json: Json'), {
    exit: 1, lines: ['Database.public.Tables.all_types.Row.nn_json: expected : NonNullable<Json>, got : Json'],
  });

  check('composite attribute changed', xf, () => edit(x, [T, '    CompositeTypes: {', '      address: {'], '        zip: string | null', '        zip: string'), {
    exit: 1, lines: ['Database.public.CompositeTypes.address.zip: expected : string | null, got : string'],
  });

  check('helper type broken', xf, () => edit(x, ['export type TablesInsert<'], 'Insert: infer I\n      }\n      ? I', 'Row: infer I\n      }\n      ? I'), {
    exit: 1, lines: ['helpers: TablesInsert<"books">: expected and actual resolve to different types'],
  });

  check('view made read-only', xf, () => within(x, [T, '    Views: {', '      books_view: {'], (ls) => {
    const i = ls.indexOf('        Insert: {');
    const j = ls.indexOf('        Relationships: [');
    return [...ls.slice(0, i), ...ls.slice(j)];
  }), {
    exit: 1, lines: ['Database.public.Views.books_view: missing "Insert"', 'Database.public.Views.books_view: missing "Update"'],
  });

  check('does not compile (exit 2)', xf, () => x.replace('export type Database = {', 'export type Database = {{'), { exit: 2 });
}

// Shared pieces of the benchmark drivers: machine facts, statistics, Markdown output and child-process hygiene.
// Every driver writes bench/results/<name>.md through writeResult() so that all results carry the same header.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH, '..');
export const WORK = path.join(BENCH, 'work');
export const RESULTS = path.join(BENCH, 'results');
// bench/run copies the launcher and the jar here, so that a concurrent `mvn package` or a source edit elsewhere in the
// tree can neither rebuild nor replace the binary in the middle of a measurement.
export const APP = process.env.BENCH_APP ?? path.join(WORK, 'app');
export const LAUNCHER = path.join(APP, 'dbwarden');
export const JAR = path.join(APP, 'target', 'dbwarden.jar');

// Taken when the driver starts: other work on the machine (a test suite next door) shows up here, and explains noise.
const LOAD_AT_START = os.loadavg();

export const PG_HOST = '127.0.0.1';
export const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 5432);
export const PG_USER = process.env.BENCH_PG_USER ?? 'postgres';

export function log(...parts) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
}

// ---- statistics -------------------------------------------------------------------------------------------------

export function sorted(xs) {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank percentile: with 10 samples p90 is the 9th smallest, with 500 p99 is the 495th. */
export function percentile(xs, p) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

export function median(xs) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function ms(x, digits = 1) {
  if (x == null || Number.isNaN(x)) return 'n/a';
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}

export function int(x) {
  return x == null || Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en-US');
}

// ---- Markdown ---------------------------------------------------------------------------------------------------

export function table(header, rows) {
  const esc = (v) => String(v ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`| ${header.map(esc).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

// ---- machine facts ----------------------------------------------------------------------------------------------

function firstLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return `n/a (${r.error.code ?? r.error.message})`;
  return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim()) ?? 'n/a';
}

export function psqlValue(sql, db = 'postgres', extra = {}) {
  const r = spawnSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-h', extra.host ?? PG_HOST, '-p', String(extra.port ?? PG_PORT),
    '-U', PG_USER, '-d', db, '-c', sql], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`psql failed (${sql}): ${r.stderr || r.error}`);
  return r.stdout.trim();
}

function npmVersion(name) {
  const file = path.join(BENCH, 'node_modules', ...name.split('/'), 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'not installed';
}

export function peerVersions() {
  return {
    '@modelcontextprotocol/sdk (client)': npmVersion('@modelcontextprotocol/sdk'),
    '@modelcontextprotocol/server-postgres': npmVersion('@modelcontextprotocol/server-postgres'),
    '@bytebase/dbhub': npmVersion('@bytebase/dbhub'),
  };
}

function jarFacts() {
  if (!existsSync(JAR)) return 'missing';
  const h = createHash('sha256').update(readFileSync(JAR)).digest('hex').slice(0, 12);
  const built = spawnSync('stat', ['-c', '%y', JAR], { encoding: 'utf8' }).stdout.trim().slice(0, 19);
  return `target/dbwarden.jar sha256 ${h}…, built ${built}`;
}

/** extraPg: more PostgreSQL servers the benchmark used, as [label, versionString]. */
export function machineFacts(extraPg = []) {
  const memKb = Number((readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/) ?? [])[1]);
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.arch();
  let pg15;
  try { pg15 = psqlValue('select version()'); } catch (e) { pg15 = `n/a (${e.message.split('\n')[0]})`; }
  const facts = [
    ['date (UTC)', new Date().toISOString().replace('T', ' ').slice(0, 19)],
    ['nproc', firstLine('nproc', [])],
    ['memory', `${(memKb / 1024 / 1024).toFixed(1)} GiB (MemTotal)`],
    ['CPU', cpu.trim()],
    ['load average (1, 5, 15 min) at start; at end', `${LOAD_AT_START.map((x) => x.toFixed(2)).join(' ')}; ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`],
    ['kernel', `${os.type()} ${os.release()}`],
    ['JDK', firstLine('java', ['-version'])],
    ['Node', process.version],
    [`PostgreSQL server ${PG_HOST}:${PG_PORT}`, pg15],
    ...extraPg,
    ['dbwarden', jarFacts()],
  ];
  return facts;
}

export function writeResult(name, { title, intro, sections, extraPg = [], commands = [] }) {
  mkdirSync(RESULTS, { recursive: true });
  const command = process.env.BENCH_COMMAND ?? `node ${path.relative(ROOT, process.argv[1])} ${process.argv.slice(2).join(' ')}`.trim();
  const out = [];
  out.push(`# ${title}`, '');
  if (intro) out.push(intro, '');
  out.push(`Produced by \`${command}\` (from the repository root).`, '');
  out.push('## Machine', '', table(['fact', 'value'], machineFacts(extraPg)), '');
  const peers = Object.entries(peerVersions());
  if (name !== 'catalog') out.push('npm packages (exact, from bench/package-lock.json): ' + peers.map(([k, v]) => `\`${k}\` ${v}`).join(', ') + '.', '');
  for (const s of sections) {
    out.push(`## ${s.heading}`, '');
    if (s.text) out.push(s.text, '');
    if (s.table) out.push(table(s.table.header, s.table.rows), '');
    if (s.after) out.push(s.after, '');
  }
  if (commands.length) {
    out.push('## Commands measured', '', ...commands.map((c) => `- \`${c}\``), '');
  }
  const file = path.join(RESULTS, `${name}.md`);
  writeFileSync(file, out.join('\n'));
  log(`wrote ${path.relative(ROOT, file)}`);
  return file;
}

// ---- child processes ------------------------------------------------------------------------------------------

const children = new Set();

/**
 * Spawns a child in its own process group so that cleanup can reach its descendants too (a launcher script, npx);
 * the embedded PostgreSQL of `dbwarden demo` detaches itself, and is stopped by dbwarden's own shutdown on SIGTERM.
 */
export function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, ...opts });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function signalGroup(child, sig) {
  try { process.kill(-child.pid, sig); } catch { try { child.kill(sig); } catch { /* gone */ } }
}

/** SIGTERM, then SIGKILL after graceMs: a JVM with an embedded PostgreSQL needs a few seconds to stop it. */
export async function stop(child, graceMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child, 'SIGTERM');
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
  }
}

function killAllNow() {
  for (const c of children) signalGroup(c, 'SIGTERM');
}

// Synchronous clean-ups (dropping a benchmark database) that must also run when the driver is interrupted.
const cleanups = new Set();
export function onInterrupt(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

let interrupted = false;
process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    // timeout(1) and bench/run may both pass the signal on; one clean-up is enough.
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping ${children.size} child process(es)`);
    await Promise.all([...children].map((c) => stop(c, 10_000)));
    for (const fn of cleanups) {
      try { fn(); } catch (e) { log(`clean-up failed: ${e.message}`); }
    }
    process.exit(130);
  });
}

export async function stopAll() {
  await Promise.all([...children].map((c) => stop(c)));
}

/** Resolves with the first stdout/stderr line matching re, or rejects after timeoutMs or when the child exits. */
export function waitForLine(child, re, timeoutMs, streams = ['stdout', 'stderr']) {
  return new Promise((resolve, reject) => {
    const bufs = {};
    let done = false;
    const finish = (fn, v) => { if (!done) { done = true; clearTimeout(t); fn(v); } };
    const t = setTimeout(() => finish(reject, new Error(`no line matching ${re} within ${timeoutMs} ms`)), timeoutMs);
    for (const s of streams) {
      bufs[s] = '';
      child[s].on('data', (d) => {
        bufs[s] += d.toString();
        let i;
        while ((i = bufs[s].indexOf('\n')) >= 0) {
          const line = bufs[s].slice(0, i);
          bufs[s] = bufs[s].slice(i + 1);
          const m = line.match(re);
          if (m) finish(resolve, m);
        }
      });
    }
    child.once('exit', (code, sig) => finish(reject, new Error(`exited (${code ?? sig}) before printing ${re}`)));
  });
}

/** Keeps the tail of a child's stderr for error messages without letting a chatty server fill the pipe. */
export function captureTail(child, stream = 'stderr', max = 4000) {
  const holder = { text: '' };
  child[stream].on('data', (d) => { holder.text = (holder.text + d.toString()).slice(-max); });
  return holder;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    import('node:net').then(({ createServer }) => {
      const srv = createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  });
}

export function sleep(msec) {
  return new Promise((r) => setTimeout(r, msec));
}

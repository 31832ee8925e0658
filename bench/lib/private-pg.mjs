// A private PostgreSQL cluster for one benchmark: initdb'd from the machine's binaries into bench/work/<name>-pg, on
// its own port, with settings the shared server must not be given (shared_preload_libraries needs a restart there).
// Stopped and removed at the end, on an error and on Ctrl-C / SIGTERM.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WORK, log, onInterrupt } from './common.mjs';

const BIN = process.env.BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';

function sh(cmd, args, asPostgres, timeout = 300_000) {
  // initdb and postgres refuse to run as root: run them as the postgres OS user when we are root
  const [c, a] = asPostgres && process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { encoding: 'utf8', timeout });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? ''}${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** settings: postgresql.conf lines. Returns { port, version, stop() }. */
export function startPrivatePg(name, port, settings) {
  if (!existsSync(path.join(BIN, 'initdb'))) throw new Error(`no PostgreSQL binaries in ${BIN}; set BENCH_PG_BIN`);
  const dir = path.join(WORK, `${name}-pg`);
  const ctl = (args, t) => sh(path.join(BIN, 'pg_ctl'), ['-D', dir, ...args], true, t);
  // a cluster left behind by a killed run is stopped and replaced
  if (existsSync(path.join(dir, 'postmaster.pid'))) { try { ctl(['stop', '-m', 'immediate']); } catch { /* not running */ } }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres:', dir]);
  sh(path.join(BIN, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], true);
  const logFile = path.join(dir, 'server.log');
  const opts = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...settings.map((s) => `-c ${s}`)].join(' ');
  let running = false;
  let postmaster = null;
  const pidFile = path.join(dir, 'postmaster.pid');
  const stop = () => {
    if (!running) return;
    running = false;
    // a later run may have replaced the cluster in the meantime: only ours is stopped and removed
    if (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').split('\n')[0] !== postmaster) return;
    try { ctl(['stop', '-m', 'fast', '-w'], 120_000); } catch (e) { log(`stopping the private cluster: ${e.message}`); }
    rmSync(dir, { recursive: true, force: true });
  };
  const off = onInterrupt(stop);
  try {
    ctl(['start', '-w', '-t', '120', '-l', logFile, '-o', opts], 180_000);
  } catch (e) {
    off();
    throw new Error(`${e.message}\n${spawnSync('tail', ['-20', logFile], { encoding: 'utf8' }).stdout}`);
  }
  running = true;
  postmaster = readFileSync(pidFile, 'utf8').split('\n')[0];
  const version = sh(path.join(BIN, 'postgres'), ['--version'], false).trim();
  return { port, version, dir, stop: () => { off(); stop(); } };
}

// Startup benchmark: stdio cold start to the first tools/list reply, dbwarden against the reference server and DBHub.
// Speaks raw newline-delimited JSON-RPC so no client library's own start-up is in the numbers; writes results/startup.md.
// Also records each server's tools/list size, since every client pays it in context tokens on every conversation.

import { readFileSync } from 'node:fs';
import { WORK, int, log, median, ms, percentile, sleep, start, stop, writeResult } from './lib/common.mjs';
import { dropDemoDb, ensureDemoDb } from './lib/demo-db.mjs';
import { stdioServers } from './lib/servers.mjs';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const RUN_TIMEOUT_MS = 60_000;
const PROTOCOL = '2025-06-18';

function rssKb(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
  } catch {
    return NaN;
  }
}

/** One cold start: spawn, initialize, notifications/initialized, tools/list; resolves when the tools/list reply is in. */
async function once(server) {
  const t0 = process.hrtime.bigint();
  const child = start(server.cmd, server.args, { cwd: WORK });
  const stderr = [];
  child.stderr.on('data', (d) => stderr.push(d));
  const send = (msg) => child.stdin.write(JSON.stringify(msg) + '\n');
  let buf = '';
  let initMs = NaN;
  let serverInfo = null;
  let protocol = null;
  try {
    const reply = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no tools/list reply within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
      child.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`exited (${code ?? sig}) before replying`)); });
      child.stdout.on('data', (d) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (!line.startsWith('{')) continue;
          const msg = JSON.parse(line);
          if (msg.id === 1) {
            initMs = Number(process.hrtime.bigint() - t0) / 1e6;
            serverInfo = msg.result?.serverInfo;
            protocol = msg.result?.protocolVersion;
            send({ jsonrpc: '2.0', method: 'notifications/initialized' });
            send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
          } else if (msg.id === 2) {
            clearTimeout(timer);
            resolve({ msg, line });
          }
        }
      });
      send({ jsonrpc: '2.0', id: 1, method: 'initialize',
        params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'dbwarden-bench', version: '1' } } });
    });
    const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (reply.msg.error) throw new Error(`tools/list error: ${JSON.stringify(reply.msg.error)}`);
    const tools = reply.msg.result.tools;
    return {
      totalMs, initMs, rss: rssKb(child.pid), serverInfo, protocol,
      toolNames: tools.map((t) => t.name),
      toolsBytes: Buffer.byteLength(JSON.stringify(tools)),
      replyBytes: Buffer.byteLength(reply.line),
    };
  } catch (e) {
    e.message += `; stderr: ${Buffer.concat(stderr).toString().slice(-1500)}`;
    throw e;
  } finally {
    // Stdio servers stop when stdin closes; the signal is for those that do not.
    child.stdin.end();
    await stop(child, 5_000);
  }
}

async function main() {
  const url = ensureDemoDb();
  const servers = stdioServers(url);
  const results = new Map(servers.map((s) => [s.key, { runs: [], errors: [] }]));
  try {
    // Untimed first start of each: fills the page cache and lets the launcher write its class-data archive.
    for (const s of servers) {
      try { await once(s); } catch (e) { results.get(s.key).errors.push(`warm-up: ${e.message}`); log(`${s.key} warm-up failed: ${e.message}`); }
    }
    // Round-robin, so that a burst of load from elsewhere on the machine lands on every server alike.
    for (let r = 0; r < RUNS; r++) {
      for (const s of servers) {
        const res = results.get(s.key);
        if (res.errors.length > 3) continue;
        try {
          res.runs.push(await once(s));
        } catch (e) {
          res.errors.push(e.message);
          log(`${s.key} run ${r + 1} failed: ${e.message}`);
        }
        await sleep(200);
      }
      log(`round ${r + 1}/${RUNS}: ${servers.map((s) => `${s.key} ${ms(results.get(s.key).runs.at(-1)?.totalMs)}`).join(', ')}`);
    }
  } finally {
    dropDemoDb();
  }

  const rows = [];
  const sizeRows = [];
  const notes = [];
  for (const s of servers) {
    const { runs, errors } = results.get(s.key);
    const t = runs.map((x) => x.totalMs);
    const first = runs[0];
    rows.push([s.label, `${runs.length}/${RUNS}`, ms(median(t)), ms(percentile(t, 90)), ms(Math.min(...t)),
      ms(median(runs.map((x) => x.initMs))), runs.length ? `${int(median(runs.map((x) => x.rss)) / 1024)} MiB` : 'n/a']);
    if (first) {
      sizeRows.push([s.label, `${first.serverInfo?.name ?? '?'} ${first.serverInfo?.version ?? ''}`.trim(), first.protocol ?? '?',
        first.toolNames.join(', '), int(first.toolsBytes), `~${int(first.toolsBytes / 4)}`, int(first.replyBytes)]);
    }
    if (errors.length) notes.push(`- ${s.label}: ${errors.length} failure(s); first: ${errors[0].slice(0, 800)}`);
  }
  const dbw = results.get('dbwarden-launcher').runs.map((x) => x.totalMs);
  const verdict = dbw.length
    ? `Target: dbwarden (launcher) cold start to tools/list under 1 s: median ${ms(median(dbw))} ms, p90 ${ms(percentile(dbw, 90))} ms: ${percentile(dbw, 90) < 1000 ? 'met' : median(dbw) < 1000 ? 'met at the median, not at p90' : 'MISSED'}.`
    : 'Target: dbwarden (launcher) did not start.';

  writeResult('startup', {
    title: 'Stdio cold start to the first tools/list reply',
    intro: [
      `Each run spawns the server, sends \`initialize\` (protocol ${PROTOCOL}), waits for its reply, sends`,
      '`notifications/initialized` and `tools/list`, and stops the clock at the tools/list reply; then closes stdin and',
      `stops the server. ${RUNS} timed runs per server after one untimed start, taken round-robin across the servers, 200 ms apart.`,
      `All servers point at the same database: dbwarden's demo database loaded into the PG 15 server as \`dbw_bench_demo\`.`,
    ].join(' '),
    sections: [
      {
        heading: 'Time from spawn to tools/list reply (milliseconds)',
        table: { header: ['server', 'runs ok', 'median', 'p90', 'min', 'initialize reply, median', 'RSS after tools/list, median'], rows },
        after: [verdict, ...(notes.length ? ['', 'Failures:', ...notes] : [])].join('\n'),
      },
      {
        heading: 'Size of the tools/list reply',
        text: 'Bytes are of `result.tools` serialized as compact JSON (what a client turns into tool definitions for the model); '
          + 'tokens are approximated as bytes / 4, not counted with a tokenizer. "reply" is the whole JSON-RPC line as sent.',
        table: { header: ['server', 'serverInfo', 'protocol answered', 'tools', 'tools JSON bytes', 'approx. tokens (bytes/4)', 'reply bytes'], rows: sizeRows },
      },
    ],
    commands: servers.map((s) => s.shown),
  });
}

main().catch((e) => {
  log(e.stack ?? e);
  process.exit(1);
});

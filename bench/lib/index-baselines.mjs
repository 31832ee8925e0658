// Two baseline index advisors, written for this benchmark from the published descriptions of their pipelines (not
// from their code): a Dexter-style per-query advisor and an index_advisor-style single-column advisor. Both need
// HypoPG in the session's database and plan normalized statements the way those tools do on PostgreSQL 15: PREPARE,
// plan_cache_mode = force_generic_plan, EXECUTE with every parameter NULL.

/** Column catalog of the user tables: { table: [{ name, type }] } and the existing btree key prefixes. */
export async function catalog(client) {
  const cols = await client.query(`
    select c.relname as table, a.attname as name, format_type(a.atttypid, null) as type, t.typname
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    where n.nspname = 'public' and c.relkind in ('r', 'm') and c.relpersistence = 'p'
    order by c.relname, a.attnum`);
  const tables = {};
  for (const r of cols.rows) (tables[r.table] ??= []).push({ name: r.name, type: r.typname });
  // plain (non-partial, non-expression) btrees, as key column lists
  const idx = await client.query(`
    select c.relname as table, array(select a.attname from unnest(i.indkey[0:i.indnkeyatts - 1]) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord)::text[] as cols
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    join pg_am am on am.oid = ic.relam join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and am.amname = 'btree' and i.indpred is null and i.indexprs is null`);
  return { tables, existing: idx.rows };
}

/** Tables and the columns a statement names (a word match over the text: Dexter takes every column reference). */
function referenced(sql, tables) {
  const words = new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g));
  const out = {};
  for (const [t, cols] of Object.entries(tables)) {
    if (!words.has(t)) continue;
    out[t] = cols.filter((c) => words.has(c.name));
  }
  return out;
}

function planIndexNames(plan, acc = new Set()) {
  if (plan && typeof plan === 'object') {
    if (plan['Index Name']) acc.add(plan['Index Name']);
    for (const v of Object.values(plan)) if (typeof v === 'object') planIndexNames(v, acc);
  }
  return acc;
}

let stmtNo = 0;
/** The generic plan with NULL parameters, as Dexter (PG < 16) and index_advisor make it. */
export async function genericPlan(client, sql) {
  const name = `bench_generic_${++stmtNo}`;
  await client.query(`prepare ${name} as ${sql}`);
  try {
    const n = (await client.query(`select coalesce(cardinality(parameter_types), 0) as n from pg_prepared_statements where name = $1`, [name])).rows[0].n;
    await client.query('set plan_cache_mode = force_generic_plan');
    const args = n ? `(${Array(n).fill('null').join(', ')})` : '';
    const r = await client.query(`explain (format json) execute ${name}${args}`);
    const plan = r.rows[0]['QUERY PLAN'][0].Plan;
    return { cost: plan['Total Cost'], used: planIndexNames(plan) };
  } finally {
    await client.query('reset plan_cache_mode');
    await client.query(`deallocate ${name}`);
  }
}

/** Creates hypothetical btrees; returns a map from the name HypoPG puts in plans to the column list. */
async function hypo(client, table, colLists) {
  const byName = new Map();
  for (const cols of colLists) {
    const r = await client.query(`select indexrelid, indexname from hypopg_create_index($1)`, [`create index on ${table} (${cols.join(', ')})`]);
    byName.set(r.rows[0].indexname, { table, cols });
  }
  return byName;
}

const sameStart = (cols, existing) => existing.some((e) => cols.every((c, i) => e.cols[i] === c));

/**
 * Dexter-style: per statement, min cost 100; pass 1 one single-column btree per referenced column, pass 2 also every
 * 2-column permutation per table; a pass wins only with a 50% saving; at most one index per statement; suggestions an
 * existing btree starts with are removed, and so are single columns a suggested 2-column index starts with.
 */
export async function dexterStyle(client, statements, { minCost = 100, savingPct = 50 } = {}) {
  const { tables, existing } = await catalog(client);
  const keep = 1 - savingPct / 100;
  const picks = [];
  const perQuery = [];
  for (const s of statements) {
    const refs = referenced(s.sql, tables);
    await client.query('select hypopg_reset()');
    const initial = (await genericPlan(client, s.sql)).cost;
    if (initial < minCost) { perQuery.push({ name: s.name, note: `cost ${initial.toFixed(1)} < ${minCost}` }); continue; }
    const candCols = Object.fromEntries(Object.entries(refs).map(([t, cs]) => [t, cs.filter((c) => !['json', 'jsonb', 'point'].includes(c.type)).map((c) => c.name)]));
    const singles = new Map();
    for (const [t, cs] of Object.entries(candCols)) for (const [k, v] of await hypo(client, t, cs.map((c) => [c]))) singles.set(k, v);
    const p1 = await genericPlan(client, s.sql);
    const used1 = [...p1.used].filter((x) => singles.has(x)).map((x) => singles.get(x));
    const pairs = new Map(singles);
    for (const [t, cs] of Object.entries(candCols)) {
      const perms = [];
      for (const a of cs) for (const b of cs) if (a !== b) perms.push([a, b]);
      for (const [k, v] of await hypo(client, t, perms)) pairs.set(k, v);
    }
    const p2 = await genericPlan(client, s.sql);
    const used2 = [...p2.used].filter((x) => pairs.has(x)).map((x) => pairs.get(x));
    let chosen = [];
    let cost = initial;
    if (p1.cost < initial * keep && used1.length) { chosen = used1; cost = p1.cost; }
    if (p1.cost > minCost && p2.cost < p1.cost * keep && used2.length) {
      if (used2.length === 1) { chosen = used2; cost = p2.cost; }
    }
    if (chosen.length > 1) {
      // pass 3: each index of the winning set alone; the best one stays if it still clears the bar
      let best = null;
      for (const ix of chosen) {
        await client.query('select hypopg_reset()');
        await hypo(client, ix.table, [ix.cols]);
        const c = (await genericPlan(client, s.sql)).cost;
        if (!best || c < best.cost) best = { ix, cost: c };
      }
      chosen = best && best.cost < initial * keep ? [best.ix] : [];
      cost = chosen.length ? best.cost : initial;
    }
    perQuery.push({ name: s.name, note: chosen.length ? `${initial.toFixed(1)} -> ${cost.toFixed(1)}` : `no pass saved ${savingPct}% (${initial.toFixed(1)}, ${p1.cost.toFixed(1)}, ${p2.cost.toFixed(1)})` });
    picks.push(...chosen);
  }
  await client.query('select hypopg_reset()');
  const out = [];
  for (const p of picks) {
    const ex = existing.filter((e) => e.table === p.table);
    if (sameStart(p.cols, ex)) continue;
    if (p.cols.length === 1 && picks.some((q) => q.table === p.table && q.cols.length === 2 && q.cols[0] === p.cols[0])) continue;
    const sql = `create index on ${p.table} (${p.cols.join(', ')})`;
    if (!out.includes(sql)) out.push(sql);
  }
  return { creates: out, perQuery };
}

const INDEX_ADVISOR_TYPES = new Set(['int2', 'int4', 'int8', 'bool', 'date', 'time', 'timestamp', 'timestamptz', 'float4', 'float8',
  'numeric', 'uuid', 'text', 'bpchar', 'varchar', 'char']);

/**
 * index_advisor-style: a hypothetical single-column btree on every eligible column of every user table not already
 * covered by a single-column plain index; each statement planned generic with NULLs; every hypothetical index that
 * appears in a plan is reported, with no threshold. The workload's recommendation is the union over statements.
 */
export async function indexAdvisorStyle(client, statements) {
  const { tables, existing } = await catalog(client);
  await client.query('select hypopg_reset()');
  const names = new Map();
  for (const [t, cols] of Object.entries(tables)) {
    const covered = new Set(existing.filter((e) => e.table === t && e.cols.length === 1).map((e) => e.cols[0]));
    const eligible = cols.filter((c) => INDEX_ADVISOR_TYPES.has(c.type) && !covered.has(c.name)).map((c) => [c.name]);
    for (const [k, v] of await hypo(client, t, eligible)) names.set(k, v);
  }
  const out = [];
  const perQuery = [];
  for (const s of statements) {
    const p = await genericPlan(client, s.sql);
    const used = [...p.used].filter((x) => names.has(x)).map((x) => names.get(x));
    perQuery.push({ name: s.name, note: used.map((u) => `${u.table}(${u.cols})`).join(', ') || 'none' });
    for (const u of used) {
      const sql = `create index on ${u.table} (${u.cols.join(', ')})`;
      if (!out.includes(sql)) out.push(sql);
    }
  }
  await client.query('select hypopg_reset()');
  return { creates: out, perQuery };
}

export { planIndexNames };

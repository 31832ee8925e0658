// The migrate benchmark's inputs: rows for a few tables of the bench/gen-schema.mjs schema, and a 50-statement
// migration written against that schema (every object it names exists in it, or is made earlier in the migration).
// Usage: node bench/lib/migrate-gen.mjs [data ROWS | migration]   (prints the SQL)

import { pathToFileURL } from 'node:url';
import { SCHEMAS } from '../gen-schema.mjs';

// Table i of gen-schema.mjs is <schema>.t<i, 5 digits> with schema SCHEMAS[i % 4]; its parent_id references table i-1.
const pad = (i) => String(i).padStart(5, '0');
export const tname = (i) => `t${pad(i)}`;
export const qname = (i) => `${SCHEMAS[i % SCHEMAS.length]}.${tname(i)}`;
const schemaOf = (i) => SCHEMAS[i % SCHEMAS.length];

// Three adjacent tables hold rows, so each one's parent_id can point at real rows of the one before it:
// A (no parent rows, parent_id NULL), B (parent_id = an id of A), C (parent_id = an id of B).
export const A = 100;
export const B = 101;
export const C = 102;
export const DATA_TABLES = [A, B, C];
export const MIN_TABLES = 210;

/**
 * Rows for tables A, B and C, then ANALYZE. The values are such that every data probe of the migration below scans
 * and finds nothing: names unique and short, amounts under the new cap, B's and C's parent_id never NULL and
 * always pointing at a row. So the probes cost a full scan each (their worst case) and the verdict is not "fails".
 */
export function dataSql(rows) {
  const cols = 'name, status, amount, payload, is_active, created_at';
  const vals = (st) => `'row-' || g, '${st}', (g % 10000)::numeric / 4, jsonb_build_object('n', g, 'tag', 'k' || (g % 50)),`
    + ` g % 10 <> 0, timestamptz '2026-01-01' + g * interval '1 minute'`;
  return [
    'set client_min_messages = warning;',
    `insert into ${qname(A)} (${cols}) select ${vals('active')} from generate_series(1, ${rows}) g;`,
    `insert into ${qname(B)} (parent_id, ${cols}) select g, ${vals('new')} from generate_series(1, ${rows}) g;`,
    `insert into ${qname(C)} (parent_id, ${cols}) select g, ${vals('paused')} from generate_series(1, ${rows}) g;`,
    'analyze;',
    '',
  ].join('\n');
}

/** The migration: exactly 50 statements as psql -f would send them (BEGIN, COMMIT, SET and RESET count). */
export function migrationSql() {
  const a = qname(A);
  const b = qname(B);
  const c = qname(C);
  const s = [];
  s.push(`-- Benchmark migration: 50 statements against the 500-table schema of bench/gen-schema.mjs (bench/lib/migrate-gen.mjs).
set lock_timeout = '3s'`);
  // New tables, some referencing existing ones.
  s.push(`create table app.accounts_ledger (
  id bigint generated always as identity primary key,
  account_id bigint not null references ${a} (id),
  entry_kind text not null check (entry_kind in ('debit', 'credit')),
  amount numeric(12,2) not null,
  created_at timestamptz not null default now()
)`);
  s.push(`create index accounts_ledger_account_idx on app.accounts_ledger (account_id)`);
  s.push(`create table billing.payment_events (
  id bigint generated always as identity primary key,
  ledger_id bigint not null references app.accounts_ledger (id) on delete cascade,
  invoice_id bigint references ${b} (id),
  payload jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
)`);
  s.push(`create table ops.job_runs (
  id uuid primary key default gen_random_uuid(),
  target_id bigint references ${c} (id) on delete set null,
  status public.status_2 not null default 'new',
  started_at timestamptz,
  finished_at timestamptz,
  constraint job_runs_finished_check check (finished_at is null or finished_at >= started_at)
)`);
  s.push(`create table audit.change_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  changed_at timestamptz not null default now(),
  diff jsonb
)`);
  // ADD COLUMN: nullable, constant default, volatile default (a rewrite on a populated table, and on an empty one).
  s.push(`alter table ${a} add column external_ref text`);
  s.push(`alter table ${a} add column region text not null default 'eu'`);
  s.push(`alter table ${b} add column row_uuid uuid default gen_random_uuid()`);
  s.push(`alter table ${c} add column priority integer default 0`);
  s.push(`alter table ${qname(104)} add column touched_at timestamptz default clock_timestamp()`);
  // Indexes, blocking and concurrent.
  s.push(`create index ${tname(A)}_external_ref_idx on ${a} (external_ref)`);
  s.push(`create index concurrently ${tname(B)}_created_at_idx on ${b} (created_at)`);
  s.push(`create index concurrently ${tname(C)}_parent_status_idx on ${c} (parent_id, status)`);
  s.push(`create unique index concurrently ${tname(A)}_name_key on ${a} (name)`);
  // Constraints: NOT VALID + VALIDATE, a check in one step, a foreign key swapped for one with ON DELETE CASCADE.
  s.push(`alter table ${a} add constraint ${tname(A)}_amount_cap check (amount <= 1000000) not valid`);
  s.push(`alter table ${a} validate constraint ${tname(A)}_amount_cap`);
  s.push(`alter table ${b} add constraint ${tname(B)}_name_length check (char_length(name) <= 200)`);
  s.push(`alter table ${c} add constraint ${tname(C)}_parent_id_cascade_fkey foreign key (parent_id) references ${b} (id) on delete cascade not valid`);
  s.push(`alter table ${c} validate constraint ${tname(C)}_parent_id_cascade_fkey`);
  s.push(`alter table ${c} drop constraint ${tname(C)}_parent_id_fkey`);
  s.push(`alter table ${b} add column ledger_id bigint`);
  s.push(`alter table ${b} add constraint ${tname(B)}_ledger_fkey foreign key (ledger_id) references app.accounts_ledger (id)`);
  s.push(`alter table ${b} alter column parent_id set not null`);
  // Type changes: a widening without a rewrite, a scale change with one.
  s.push(`alter table ${c} alter column amount type numeric(14,2)`);
  s.push(`alter table ${qname(108)} alter column amount type numeric(16,4)`);
  // Renames.
  s.push(`alter table ${a} rename column external_ref to external_reference`);
  s.push(`alter index ${schemaOf(A)}.${tname(A)}_external_ref_idx rename to ${tname(A)}_external_reference_idx`);
  s.push(`alter table ${qname(150)} rename to ${tname(150)}_retired`);
  // Index drops.
  s.push(`drop index ${schemaOf(A)}.${tname(A)}_parent_idx`);
  s.push(`drop index concurrently ${schemaOf(200)}.${tname(200)}_status_created_idx`);
  s.push(`comment on table app.accounts_ledger is 'Ledger lines per account.'`);
  s.push(`comment on column ${a}.region is 'Data residency region.'`);
  s.push(`create view app.account_balances as
  select acc.id, acc.name, acc.region,
         coalesce(sum(l.amount) filter (where l.entry_kind = 'credit'), 0)
           - coalesce(sum(l.amount) filter (where l.entry_kind = 'debit'), 0) as balance
  from ${a} acc left join app.accounts_ledger l on l.account_id = acc.id
  group by acc.id, acc.name, acc.region`);
  s.push(`create function app.ledger_balance(p_account bigint) returns numeric
  language sql stable as $$
    select coalesce(sum(case when entry_kind = 'credit' then amount else -amount end), 0)
    from app.accounts_ledger where account_id = p_account
  $$`);
  s.push(`create function audit.log_change() returns trigger
  language plpgsql as $$
begin
  insert into audit.change_log (table_name, diff) values (tg_table_name, to_jsonb(new));
  return new;
end
$$`);
  s.push(`create trigger accounts_ledger_audit after insert on app.accounts_ledger
  for each row execute function audit.log_change()`);
  // A backfill in one statement (the unbatched kind).
  s.push(`update ${a} set external_reference = 'acct-' || id where external_reference is null`);
  // An explicit transaction block.
  s.push(`begin`);
  s.push(`alter table ${b} add column currency char(3) not null default 'EUR'`);
  s.push(`create table billing.currency_rates (
  currency char(3) not null,
  valid_from date not null,
  rate numeric(18,8) not null check (rate > 0),
  primary key (currency, valid_from)
)`);
  s.push(`alter table ${b} add constraint ${tname(B)}_currency_check check (currency ~ '^[A-Z]{3}$') not valid`);
  s.push(`comment on column ${b}.currency is 'ISO 4217 code.'`);
  s.push(`commit`);
  s.push(`alter table ${b} validate constraint ${tname(B)}_currency_check`);
  s.push(`alter table ${c} alter column priority set not null`);
  s.push(`create index concurrently payment_events_ledger_idx on billing.payment_events (ledger_id)`);
  s.push(`alter table app.accounts_ledger add constraint accounts_ledger_amount_positive check (amount > 0)`);
  s.push(`comment on view app.account_balances is 'Balance per account from the ledger.'`);
  s.push(`reset lock_timeout`);
  return { sql: s.join(';\n\n') + ';\n', statements: s.length };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [what, n] = process.argv.slice(2);
  if (what === 'data') process.stdout.write(dataSql(Number(n ?? 50000)));
  else if (what === 'migration') process.stdout.write(migrationSql().sql);
  else {
    console.error('usage: node bench/lib/migrate-gen.mjs data ROWS | migration');
    process.exit(2);
  }
}

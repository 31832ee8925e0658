-- sequence-near-limit: sequences that have used more than advisors.sequence_percent of their range, measured
-- against the smaller of the sequence's own maximum and the maximum of every column it feeds (owned, identity or
-- a nextval() default). A bigint sequence behind an integer key overflows at 2,147,483,647, not at its own maximum.
with fed as (
    -- columns owned by the sequence (serial, identity) and columns whose default calls nextval() on it
    select d.objid as seqid, d.refobjid as relid, d.refobjsubid as attnum
    from pg_depend d
    where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      and d.refobjsubid > 0
    union
    select d.refobjid, ad.adrelid, ad.adnum
    from pg_depend d
    join pg_attrdef ad on ad.oid = d.objid
    where d.classid = 'pg_attrdef'::regclass and d.refclassid = 'pg_class'::regclass
),
limits as (
    select s.seqrelid, s.seqmax, s.seqmin, s.seqincrement,
           min(case a.atttypid when 'int2'::regtype then 32767 when 'int4'::regtype then 2147483647 end) as column_max,
           string_agg(distinct f.relid::regclass::text || '.' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ') as columns
    from pg_sequence s
    left join fed f on f.seqid = s.seqrelid
    left join pg_attribute a on a.attrelid = f.relid and a.attnum = f.attnum
    group by s.seqrelid, s.seqmax, s.seqmin, s.seqincrement
),
usage as (
    select n.nspname, c.relname, l.*, ps.last_value, least(l.seqmax, coalesce(l.column_max, l.seqmax)) as effective_max
    from limits l
    join pg_class c on c.oid = l.seqrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_sequences ps on ps.schemaname = n.nspname and ps.sequencename = c.relname
    where l.seqincrement > 0 and ps.last_value is not null
      and not n.nspname = any(:excluded_schemas)
)
select nspname || '.' || relname as subject,
       '' as discriminator,
       format('Sequence %I.%I is at %s, %s%% of its limit %s%s.', nspname, relname, last_value,
              round(100.0 * last_value / effective_max, 1), effective_max,
              case when column_max is not null and column_max < seqmax then ' (set by the column type: ' || columns || ')' else '' end) as detail,
       case when column_max is not null and column_max < seqmax
            then '-- widen the key and every column referencing it, e.g.: alter table <table> alter column <column> type bigint;  '
                 || '(rewrites the table: plan it with dbwarden migration-validator)'
            else format('alter sequence %I.%I as bigint maxvalue 9223372036854775807;', nspname, relname) end as remediation,
       jsonb_build_object('schema', nspname, 'name', relname, 'type', 'sequence', 'last_value', last_value, 'sequence_max', seqmax,
                          'column_max', column_max, 'columns', columns,
                          'percent_used', round(100.0 * last_value / effective_max, 2)) as evidence,
       case when 100.0 * last_value / effective_max >= 98 then 'critical' else null end as severity
from usage
where 100.0 * last_value / effective_max >= :sequence_percent

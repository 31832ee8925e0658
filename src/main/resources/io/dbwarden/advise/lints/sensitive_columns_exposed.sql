-- sensitive-columns-exposed (splinter 0023): tables in an exposed schema without row level security whose columns
-- with sensitive names (passwords, tokens, government ids, card numbers, health data) an API role can select. Checked
-- per column, so a table granted column by column without the sensitive ones is not flagged.
with names(name) as (
    select unnest(array[
        'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secret_key', 'private_key', 'api_key', 'apikey', 'auth_key',
        'token', 'jwt', 'access_token', 'refresh_token', 'oauth_token', 'session_token', 'bearer_token', 'auth_code',
        'session_id', 'session_key', 'session_secret', 'recovery_code', 'backup_code', 'verification_code', 'otp',
        'two_factor', '2fa_secret', '2fa_code', 'ssn', 'social_security', 'social_security_number', 'driver_license',
        'drivers_license', 'license_number', 'passport_number', 'passport_id', 'national_id', 'tax_id', 'credit_card',
        'card_number', 'cvv', 'cvc', 'cvn', 'bank_account', 'account_number', 'routing_number', 'iban', 'swift_code', 'bic',
        'health_record', 'medical_record', 'patient_id', 'insurance_number', 'health_insurance', 'medical_insurance',
        'treatment', 'mac_address', 'macaddr', 'imei', 'device_uuid', 'pgp_key', 'gpg_key', 'ssh_key', 'certificate',
        'license_key', 'activation_key', 'facial_recognition'])
),
exposed as (
    select c.oid, n.nspname, c.relname, a.attname, r.rolname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join names s on s.name = replace(lower(a.attname), '-', '_')
    join pg_roles r on r.rolname = any(:api_roles)
    where c.relkind in ('r', 'p')
      and not c.relrowsecurity
      and n.nspname = any(:exposed_schemas)
      and not n.nspname = any(:excluded_schemas)
      and has_schema_privilege(r.oid, n.oid, 'USAGE')
      and has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT')
)
select nspname || '.' || relname as subject,
       '' as discriminator,
       format('Table %I.%I has no row level security and %s can read its sensitive column%s %s through the API.', nspname, relname,
              string_agg(distinct rolname, ' and '), case when count(distinct attname) > 1 then 's' else '' end,
              string_agg(distinct quote_ident(attname), ', ')) as detail,
       format('alter table %I.%I enable row level security;  -- or revoke select (%s) on it from %s', nspname, relname,
              string_agg(distinct quote_ident(attname), ', '), string_agg(distinct rolname, ', ')) as remediation,
       jsonb_build_object('schema', nspname, 'name', relname, 'type', 'table',
                          'sensitive_columns', jsonb_agg(distinct attname), 'exposed_to', jsonb_agg(distinct rolname)) as evidence
from exposed
group by nspname, relname

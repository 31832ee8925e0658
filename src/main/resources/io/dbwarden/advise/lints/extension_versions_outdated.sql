-- extension-versions-outdated (splinter 0022): installed extensions older than the version the server ships.
select e.name as subject,
       e.installed_version as discriminator,
       format('Extension %I is at version %s; the server has %s available.', e.name, e.installed_version, e.default_version) as detail,
       format('alter extension %I update to %L;', e.name, e.default_version) as remediation,
       jsonb_build_object('extension_name', e.name, 'installed_version', e.installed_version, 'default_version', e.default_version) as evidence
from pg_available_extensions e
where e.installed_version is not null
  and e.default_version is not null
  and e.installed_version <> e.default_version

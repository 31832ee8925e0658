-- The server's current log file of one format (csvlog or jsonlog) and its size in bytes, so the access watch reads
-- only what was written since its last sample.
select f.path, (pg_stat_file(f.path, true)).size as size
from (select pg_current_logfile(:format) as path) f

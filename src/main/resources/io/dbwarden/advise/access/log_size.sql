-- The size in bytes of a log file the access watch was reading before the server rotated to a new one (null if the
-- file is gone), so it can finish reading it.
select (pg_stat_file(:path, true)).size

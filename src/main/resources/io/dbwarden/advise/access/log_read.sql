-- A bounded byte range of the server's log file, from where the access watch stopped reading (null if the file is gone).
select pg_read_binary_file(:path, :offset, :length, true)

package io.dbwarden.tasks;

/**
 * A problem with the user's TaskMaster files (malformed, locked, read-only) that the user must fix. It is a kind of
 * bad input, so every surface reports it as one message; whenever it is thrown, the file is as it was.
 */
public final class TaskFileException extends IllegalArgumentException {
    public TaskFileException(String message) {
        super(message);
    }
}

package io.dbwarden.config;

/** A problem the user can fix in dbwarden.yaml, the environment or the command line; its message says how. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

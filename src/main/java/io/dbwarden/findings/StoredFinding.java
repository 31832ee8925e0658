package io.dbwarden.findings;

import java.time.Instant;
import java.util.Locale;

/** A finding as the store keeps it: the latest version of it, and where it is in its lifecycle. */
public record StoredFinding(Finding finding, String connection, String scope, Status status, Instant firstSeen,
                            Instant lastSeen, Instant resolvedAt, int timesSeen, int reopened) {
    public enum Status {
        OPEN, RESOLVED;

        public static Status parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be open, resolved or all (got '" + s + "').");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

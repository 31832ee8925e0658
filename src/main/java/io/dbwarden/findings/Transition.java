package io.dbwarden.findings;

import java.time.Instant;
import java.util.Locale;

/** A change in a finding's lifecycle, as the sinks hear of it. */
public record Transition(Kind kind, String connection, Finding finding, Instant at) {
    public enum Kind {
        OPENED, SEEN, RESOLVED, REOPENED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

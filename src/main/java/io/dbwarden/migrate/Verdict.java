package io.dbwarden.migrate;

import java.util.Locale;

/**
 * What a migration will do to this database: run safely, run but block traffic, break clients or destroy data
 * (unsafe), or error out (fails). Ordered from best to worst, so the verdict of a migration is its worst issue's.
 */
public enum Verdict {
    SAFE, UNSAFE, FAILS;

    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.dbwarden.findings;

/** Filters for listing findings; a null field does not filter. {@code minSeverity} keeps that level and worse. */
public record FindingQuery(String connection, String scope, StoredFinding.Status status, Finding.Category category,
                           Finding.Severity minSeverity, String objectContains) {
    public static FindingQuery open(String connection) {
        return new FindingQuery(connection, null, StoredFinding.Status.OPEN, null, null, null);
    }
}

package io.dbwarden.db;

import java.util.List;

/**
 * Rows returned by a guarded read-only query. {@code truncated} says that the row limit or the byte cap cut the
 * result; {@code truncatedReason} says which, so the caller knows to narrow the query or page it.
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated, String truncatedReason,
                          long elapsedMs) {
}

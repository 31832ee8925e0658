package io.dbwarden.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows returned by a guarded read-only query. {@code truncated} says that the row limit or the byte cap cut the
 * result; {@code truncatedReason} says which, so the caller knows to narrow the query or page it.
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated, String truncatedReason,
                          long elapsedMs) {

    /** The JSON shape every surface returns: rows as arrays, and the reason when the result was cut. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", columns);
        out.put("rows", rows);
        out.put("row_count", rows.size());
        out.put("truncated", truncated);
        if (truncatedReason != null) out.put("truncated_reason", truncatedReason);
        out.put("elapsed_ms", elapsedMs);
        return out;
    }
}

package io.dbwarden.query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One problem found in a plan or a workload pattern, with why it is slow and a concrete fix (SQL where possible).
 *
 * @param kind a stable id: seq-scan-selective, estimate-off, sort-spill, hash-spill, nested-loop-large-outer,
 *             unindexed-fk-join, function-on-indexed-column, or-defeats-index, leading-wildcard-like, n-plus-one,
 *             rls-per-row, temp-spill
 */
public record PlanIssue(String kind, String relation, String title, String explanation, String fix) {
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        if (relation != null) m.put("relation", relation);
        m.put("title", title);
        m.put("explanation", explanation);
        m.put("fix", fix);
        return m;
    }
}

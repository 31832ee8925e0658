package io.dbwarden.query;

import io.dbwarden.db.SqlResource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the index advisor knows of the target's tables: sizes, column widths, and the existing indexes. */
record Schema(Map<String, long[]> relations, Map<String, Map<String, Integer>> widths, List<Existing> indexes) {

    /** An existing index; a null key column is an expression. */
    record Existing(String relation, String name, String method, boolean valid, boolean unique, String predicate, List<String> keys) {
    }

    static Schema read(Connection c) throws SQLException {
        Map<String, long[]> relations = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(PlanAnalyzer.class, "relation_sizes.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) relations.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3) / 8192});
        }
        Map<String, Map<String, Integer>> widths = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Schema.class, "column_widths.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) widths.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
        }
        List<Existing> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Schema.class, "existing_indexes.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Array keys = rs.getArray("key_columns");
                indexes.add(new Existing(rs.getString("relation"), rs.getString("index_name"), rs.getString("method"), rs.getBoolean("is_valid"),
                        rs.getBoolean("is_unique"), rs.getString("predicate"), Arrays.asList((String[]) keys.getArray())));
            }
        }
        return new Schema(relations, widths, indexes);
    }

    long rows(String relation) {
        long[] r = relations.get(relation);
        return r == null ? 0 : r[0];
    }

    long pages(String relation) {
        long[] r = relations.get(relation);
        return r == null ? 1 : Math.max(1, r[1]);
    }

    int indexCount(String relation) {
        return (int) indexes.stream().filter(i -> i.relation().equals(relation)).count();
    }

    /**
     * True when an existing valid btree already starts with the candidate's keys (and has its predicate, if any), or is
     * unique on exactly its keys: then a lookup finds one row, and an INCLUDE copy of the keys would save one heap page.
     */
    boolean covered(IndexAdvisor.Candidate cand) {
        for (Existing e : indexes) {
            if (!e.relation().equals(cand.relation()) || !e.valid() || !e.method().equals("btree")) continue;
            if (e.unique() && e.predicate() == null && new java.util.HashSet<>(e.keys()).equals(new java.util.HashSet<>(cand.keys()))) return true;
            if (e.predicate() != null && !e.predicate().replaceAll("[()]", "").equalsIgnoreCase(cand.where() == null ? "" : cand.where().replaceAll("[()]", ""))) {
                continue;
            }
            List<String> keys = cand.keys().stream().map(k -> k.replaceAll(" (DESC|NULLS FIRST|NULLS LAST)", "")).toList();
            if (keys.size() + cand.include().size() > e.keys().size() && !cand.include().isEmpty()) continue;
            if (e.keys().size() >= keys.size() && e.keys().subList(0, keys.size()).equals(keys)) {
                if (cand.include().isEmpty() || e.keys().containsAll(cand.include())) return true;
            }
        }
        return false;
    }

    /** Size of a btree on the candidate's columns: per row a tuple header, a line pointer and the aligned column widths. */
    long estimateSize(IndexAdvisor.Candidate cand) {
        Map<String, Integer> w = widths.getOrDefault(cand.relation(), Map.of());
        int width = 0;
        for (String col : cand.columns()) width += w.getOrDefault(col, 8);
        long perRow = 8 + 4 + ((width + 7) / 8) * 8L;
        return (long) (rows(cand.relation()) * perRow / 0.9) + 8192;
    }
}

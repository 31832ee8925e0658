package io.dbwarden.codegen;

import io.dbwarden.db.SqlResource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema as PostgREST exposes it, which is what Supabase's type generator describes: relations with their view
 * updatability, columns with domain-resolved type names, callable functions with every argument, all types by oid,
 * and relationships, including those PostgREST infers through views. Read with seven set-based queries; the catalog
 * snapshot ({@link io.dbwarden.catalog.Catalog}) stays free of these PostgREST-specific details.
 */
record PostgrestSchema(List<String> schemas, List<Relation> relations, Map<Long, List<Column>> columns,
                       List<Function> functions, Map<Long, PgType> types, List<Relationship> relationships) {

    /** kind: r (table), p (partitioned table), f (foreign table), v (view), m (materialized view). */
    record Relation(long oid, String schema, String name, char kind, boolean insertable, boolean updatable) {
        boolean isTable() {
            return kind == 'r' || kind == 'p' || kind == 'f';
        }
    }

    /** format is the type name (a domain's base type name); identity is 'a', 'd' or empty. */
    record Column(long relid, int attnum, String name, String format, String typeSchema, boolean nullable, boolean hasDefault,
                  String identity, boolean generated, boolean updatable) {
    }

    /** mode: in, out, inout, variadic or table. name is empty when the argument is unnamed. */
    record Argument(String mode, String name, long type, boolean hasDefault) {
        boolean input() {
            return mode.equals("in") || mode.equals("inout") || mode.equals("variadic");
        }
    }

    /** rows is the planner's row estimate of a set-returning function, null otherwise. */
    record Function(long oid, String schema, String name, List<Argument> args, long returnType, Long returnRelid,
                    boolean returnsSet, Double rows, String argumentTypes, String result) {
        List<Argument> inputs() {
            return args.stream().filter(Argument::input).toList();
        }
    }

    record Attribute(String name, long type) {
    }

    /** relkind is the kind of the relation behind a row type (c for a composite type), or 0 for other types. */
    record PgType(long oid, String name, String schema, String format, long relid, char relkind, List<String> labels,
                  List<Attribute> attributes) {
        boolean isRowType() {
            return relid != 0;
        }
    }

    record Relationship(String foreignKeyName, String schema, String relation, List<String> columns, boolean oneToOne,
                        String refSchema, String refRelation, List<String> refColumns) {
    }

    /** A foreign key with the attribute numbers that view inference matches on. */
    private record ForeignKey(Relationship link, long relid, List<Integer> keys, long refRelid, List<Integer> refKeys) {
    }

    static PostgrestSchema read(Connection c, List<String> wanted) throws SQLException {
        Array names = c.createArrayOf("text", wanted.toArray());
        List<String> schemas = strings(c, SqlResource.load(PostgrestSchema.class, "postgrest_schemas.sql"), names);
        List<Relation> relations = new ArrayList<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_relations.sql"), names,
                rs -> relations.add(new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                        rs.getBoolean(5), rs.getBoolean(6))));
        Map<Long, List<Column>> columns = new HashMap<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_columns.sql"),
                names, rs -> columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Column(rs.getLong(1),
                        rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getBoolean(7),
                        rs.getString(8), rs.getBoolean(9), rs.getBoolean(10))));
        List<Function> functions = new ArrayList<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_functions.sql"), names, rs -> {
            Long[] types = (Long[]) rs.getArray(6).getArray();
            String[] modes = rs.getArray(7) == null ? null : (String[]) rs.getArray(7).getArray();
            String[] argNames = rs.getArray(8) == null ? null : (String[]) rs.getArray(8).getArray();
            int nargs = rs.getInt(4);
            int ndefaults = rs.getInt(5);
            List<Argument> args = new ArrayList<>();
            for (int i = 0; i < types.length; i++) {
                String mode = modes == null ? "in" : switch (modes[i]) {
                    case "i" -> "in";
                    case "o" -> "out";
                    case "b" -> "inout";
                    case "v" -> "variadic";
                    default -> "table";
                };
                String name = argNames == null || i >= argNames.length || argNames[i] == null ? "" : argNames[i];
                // PostgREST's schema cache marks defaults by position over all arguments, counting the last
                // pronargdefaults of the first pronargs; the generator inherits that, so an OUT argument listed before
                // an IN one shifts it. Kept as is: the output must match.
                boolean hasDefault = i < nargs && i >= nargs - ndefaults;
                args.add(new Argument(mode, name, types[i], hasDefault));
            }
            long relid = rs.getLong(10);
            Long returnRelid = rs.wasNull() ? null : relid;
            double rows = rs.getDouble(12);
            Double estimate = rs.wasNull() ? null : rows;
            functions.add(new Function(rs.getLong(1), rs.getString(2), rs.getString(3), List.copyOf(args), rs.getLong(9),
                    returnRelid, rs.getBoolean(11), estimate, rs.getString(13), rs.getString(14)));
        });
        Map<Long, List<Attribute>> attributes = new HashMap<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_attributes.sql"), null,
                rs -> attributes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Attribute(rs.getString(2), rs.getLong(3))));
        Map<Long, PgType> types = new LinkedHashMap<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_types.sql"), null, rs -> {
            String kind = rs.getString(6);
            Array labels = rs.getArray(7);
            long relid = rs.getLong(5);
            char relkind = kind.isEmpty() ? 0 : kind.charAt(0);
            types.put(rs.getLong(1), new PgType(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), relid, relkind,
                    labels == null ? List.of() : List.of((String[]) labels.getArray()),
                    relkind == 'c' ? List.copyOf(attributes.getOrDefault(relid, List.of())) : List.of()));
        });
        List<ForeignKey> keys = new ArrayList<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_relationships.sql"), names, rs -> {
            Relationship link = new Relationship(rs.getString(1), rs.getString(2), rs.getString(3),
                    List.of((String[]) rs.getArray(10).getArray()), rs.getBoolean(12), rs.getString(6), rs.getString(7),
                    List.of((String[]) rs.getArray(11).getArray()));
            keys.add(new ForeignKey(link, rs.getLong(4), List.of((Integer[]) rs.getArray(5).getArray()), rs.getLong(8),
                    List.of((Integer[]) rs.getArray(9).getArray())));
        });
        Map<Long, List<ViewColumns.Target>> origins = new HashMap<>();
        query(c, SqlResource.load(PostgrestSchema.class, "postgrest_view_rules.sql"), names,
                rs -> origins.put(rs.getLong(1), ViewColumns.targetOrigins(rs.getString(2))));
        List<Relationship> relationships = new ArrayList<>();
        keys.forEach(k -> relationships.add(k.link()));
        relationships.addAll(viewRelationships(keys, relations, columns, ViewColumns.resolve(origins)));
        return new PostgrestSchema(schemas, relations, columns, functions, types, relationships);
    }

    /**
     * The relationships PostgREST infers through views: a view that exposes every column of a foreign key (directly or
     * through other views) relates like the table it comes from, on the referencing side, the referenced side, or both.
     * A table column exposed under several view names gives one relationship per combination.
     */
    private static List<Relationship> viewRelationships(List<ForeignKey> keys, List<Relation> relations,
                                                        Map<Long, List<Column>> columns,
                                                        Map<Long, Map<ViewColumns.Origin, List<Integer>>> exposed) {
        Map<Long, Relation> byOid = new HashMap<>();
        relations.forEach(r -> byOid.put(r.oid(), r));
        List<Relationship> out = new ArrayList<>();
        for (ForeignKey k : keys) {
            Relationship r = k.link();
            List<Map.Entry<Relation, List<List<String>>>> from = exposures(exposed, byOid, columns, k.relid(), k.keys());
            List<Map.Entry<Relation, List<List<String>>>> to = exposures(exposed, byOid, columns, k.refRelid(), k.refKeys());
            for (var v : from) {
                for (List<String> cols : v.getValue()) {
                    out.add(new Relationship(r.foreignKeyName(), v.getKey().schema(), v.getKey().name(), cols, r.oneToOne(),
                            r.refSchema(), r.refRelation(), r.refColumns()));
                }
            }
            for (var v : to) {
                for (List<String> refCols : v.getValue()) {
                    out.add(new Relationship(r.foreignKeyName(), r.schema(), r.relation(), r.columns(), r.oneToOne(),
                            v.getKey().schema(), v.getKey().name(), refCols));
                }
            }
            for (var a : from) {
                for (List<String> cols : a.getValue()) {
                    for (var b : to) {
                        for (List<String> refCols : b.getValue()) {
                            out.add(new Relationship(r.foreignKeyName(), a.getKey().schema(), a.getKey().name(), cols,
                                    r.oneToOne(), b.getKey().schema(), b.getKey().name(), refCols));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Each view exposing all the given columns of a table, with every combination of the view column names. */
    private static List<Map.Entry<Relation, List<List<String>>>> exposures(
            Map<Long, Map<ViewColumns.Origin, List<Integer>>> exposed, Map<Long, Relation> byOid,
            Map<Long, List<Column>> columns, long table, List<Integer> keys) {
        List<Map.Entry<Relation, List<List<String>>>> out = new ArrayList<>();
        exposed.forEach((view, map) -> {
            Relation relation = byOid.get(view);
            if (relation == null) return;
            List<List<String>> combinations = List.of(List.of());
            for (int key : keys) {
                List<Integer> viewCols = map.get(new ViewColumns.Origin(table, key));
                if (viewCols == null) return;
                List<List<String>> next = new ArrayList<>();
                for (List<String> prefix : combinations) {
                    for (int col : viewCols) {
                        List<String> extended = new ArrayList<>(prefix);
                        extended.add(columnName(columns, view, col));
                        next.add(List.copyOf(extended));
                    }
                }
                combinations = next;
            }
            out.add(Map.entry(relation, combinations));
        });
        out.sort(java.util.Comparator.comparing((Map.Entry<Relation, List<List<String>>> e) -> e.getKey().schema())
                .thenComparing(e -> e.getKey().name()));
        return out;
    }

    private static String columnName(Map<Long, List<Column>> columns, long relid, int attnum) {
        return columns.getOrDefault(relid, List.of()).stream().filter(c -> c.attnum() == attnum).map(Column::name)
                .findFirst().orElse("?");
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, Array names, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (names != null) ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) handler.row(rs);
            }
        }
    }

    private static List<String> strings(Connection c, String sql, Array names) throws SQLException {
        List<String> out = new ArrayList<>();
        query(c, sql, names, rs -> out.add(rs.getString(1)));
        return out;
    }
}

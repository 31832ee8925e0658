package io.dbwarden.migrate;

import io.dbwarden.db.SqlLexer;
import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.Token;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a live database's schema as an ordered DDL script, and loads such a script into an empty database, so that a
 * migration can run on a shadow that has the target's schema and none of its data. pg_dump cannot do this here: the
 * embedded server ships none, and a packaged pg_dump refuses servers newer than itself.
 *
 * <p>A fixed set of catalog queries reads the schema (one .sql file each, whatever the number of tables). Types,
 * sequences, tables, functions and views are created in an order taken from pg_depend; everything that only
 * decorates them (foreign keys, indexes, triggers, policies, owners, comments, grants) follows in fixed phases.
 * Each statement starts with a one-line comment naming what it makes, and statements end with a semicolon and a
 * blank line, so the script reads well and loads statement by statement.
 */
public final class ShadowSchema {

    /** Between two statements; never inside one outside a literal (checked when the script is written). */
    static final String SEPARATOR = ";\n\n";

    /**
     * What loading did. {@code createdRoles}: roles the shadow's server lacked, created NOLOGIN (roles are cluster-wide,
     * so they outlive the shadow database). {@code skipped}: extensions the shadow's server cannot install.
     * {@code invalidIndexes}: indexes invalid on the target, which the shadow has valid (it cannot make them invalid).
     * {@code failures}: statements the shadow refused, with the reason; objects that need a skipped extension end up
     * here. The shadow holds everything else. {@code statements}: how many statements ran in the shadow database.
     */
    public record Loaded(int statements, List<String> createdRoles, List<String> skipped, List<String> invalidIndexes,
                         List<String> failures) {
        public Loaded {
            createdRoles = List.copyOf(createdRoles);
            skipped = List.copyOf(skipped);
            invalidIndexes = List.copyOf(invalidIndexes);
            failures = List.copyOf(failures);
        }

        public boolean complete() {
            return skipped.isEmpty() && failures.isEmpty();
        }
    }

    private ShadowSchema() {
    }

    /**
     * The DDL that recreates {@code target}'s user schemas on an empty database, in a deterministic order. Reads in
     * one REPEATABLE READ, READ ONLY transaction when the connection is in autocommit; inside a caller's transaction
     * it reads there and leaves the transaction's settings as it found them. A lock held on the target for more than
     * lock_timeout (5 s unless the session sets one) makes it fail rather than wait.
     */
    public static String script(Connection target) throws SQLException {
        boolean ownTransaction = target.getAutoCommit();
        int isolation = target.getTransactionIsolation();
        boolean readOnly = target.isReadOnly();
        Row session = null;
        if (ownTransaction) {
            target.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            target.setReadOnly(true);
            target.setAutoCommit(false);
        }
        try {
            session = rows(target, "shadow_session.sql").get(0);
            return new Writer(target, session.text("reader")).write();
        } finally {
            if (ownTransaction) {
                target.rollback();
                target.setAutoCommit(true);
                target.setReadOnly(readOnly);
                target.setTransactionIsolation(isolation);
            } else if (session != null) {
                try (PreparedStatement ps = target.prepareStatement(SqlResource.load(ShadowSchema.class, "shadow_restore.sql"))) {
                    ps.setString(1, session.text("previous_search_path"));
                    ps.setString(2, session.text("previous_lock_timeout"));
                    ps.execute();
                }
            }
        }
    }

    /**
     * Runs a script from {@link #script} on an empty database: first the roles it names that the server lacks (in
     * autocommit, since roles are cluster-wide), then everything else in one transaction with function-body checks
     * off. Extensions the server cannot install are skipped. If a statement fails, the transaction is rolled back
     * and run again statement by statement under savepoints, so that one refused object costs only itself and what
     * depends on it; the result lists each failure.
     */
    public static Loaded load(Connection emptyShadow, String script) throws SQLException {
        List<Chunk> chunks = new ArrayList<>();
        for (String text : split(script)) chunks.add(Chunk.of(text));
        boolean autoCommit = emptyShadow.getAutoCommit();
        List<String> createdRoles = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> invalidIndexes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Chunk> work = new ArrayList<>();
        try {
            emptyShadow.setAutoCommit(true);
            Set<String> roles = new HashSet<>(column(emptyShadow, "shadow_load_roles.sql"));
            Set<String> available = new HashSet<>(column(emptyShadow, "shadow_load_extensions.sql"));
            for (Chunk c : chunks) {
                if (c.kind.equals("role")) {
                    String role = c.name(2);
                    if (roles.contains(role)) continue;
                    try (Statement st = emptyShadow.createStatement()) {
                        st.execute(c.sql);
                        createdRoles.add(role);
                    } catch (SQLException e) {
                        // Another shadow load may have created it meanwhile.
                        if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) failures.add(c.failure(e));
                    }
                } else if (c.kind.equals("extension") && !available.contains(c.name(5))) {
                    skipped.add("extension " + c.name(5) + " (not available on the shadow's server)");
                } else {
                    if (c.kind.equals("invalid index")) invalidIndexes.add(c.label);
                    work.add(c);
                }
            }
            emptyShadow.setAutoCommit(false);
            if (!runAll(emptyShadow, work)) {
                emptyShadow.rollback();
                failures.addAll(runCarefully(emptyShadow, work));
            }
            emptyShadow.commit();
        } catch (SQLException | RuntimeException e) {
            if (!emptyShadow.getAutoCommit()) emptyShadow.rollback();
            throw e;
        } finally {
            emptyShadow.setAutoCommit(autoCommit);
        }
        return new Loaded(work.size(), createdRoles, skipped, invalidIndexes, failures);
    }

    /** The fast path: every statement in one go; false at the first failure (the caller rolls back). */
    private static boolean runAll(Connection c, List<Chunk> work) throws SQLException {
        rows(c, "shadow_load_session.sql");
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            for (Chunk chunk : work) st.addBatch(chunk.sql);
            st.executeBatch();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static List<String> runCarefully(Connection c, List<Chunk> work) throws SQLException {
        rows(c, "shadow_load_session.sql");
        List<String> failures = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            for (Chunk chunk : work) {
                Savepoint sp = c.setSavepoint();
                try {
                    st.execute(chunk.sql);
                    c.releaseSavepoint(sp);
                } catch (SQLException e) {
                    c.rollback(sp);
                    failures.add(chunk.failure(e));
                }
            }
        }
        return failures;
    }

    /**
     * The statements of a script, each with its leading comment, without the separating semicolons. A semicolon ends a
     * statement only outside literals, quoted names, comments and dollar quotes, and only when a blank line follows:
     * the semicolons inside a BEGIN ATOMIC body are each followed by more of the body.
     */
    static List<String> split(String script) {
        List<Token> tokens = SqlLexer.tokenizeWithTrivia(script, true);
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean significant = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isPunctuation(";")) {
                Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                boolean last = next == null || (next.kind() == Kind.WHITESPACE && i + 2 == tokens.size());
                if (last || (next.kind() == Kind.WHITESPACE && next.text().startsWith("\n\n"))) {
                    if (significant) out.add(script.substring(start, t.start()).strip());
                    start = t.end();
                    significant = false;
                    continue;
                }
            }
            if (!t.kind().isTrivia()) significant = true;
        }
        if (significant) out.add(script.substring(start).strip());
        return out;
    }

    /** One statement of a script: its kind and label from the leading comment, and the SQL. */
    private record Chunk(String kind, String label, String sql) {
        private static final Pattern HEADER = Pattern.compile("^-- ([a-z][a-z ]*)(?:: (.*))?$");

        static Chunk of(String text) {
            String kind = "statement", label = "";
            for (String line : text.split("\n", -1)) {
                String l = line.strip();
                if (l.isEmpty()) continue;
                if (!l.startsWith("--")) break;
                Matcher m = HEADER.matcher(l);
                if (m.matches()) {
                    kind = m.group(1);
                    label = m.group(2) == null ? "" : m.group(2);
                }
            }
            return new Chunk(kind, label, text);
        }

        /** The name in the n-th significant token (CREATE ROLE name; CREATE EXTENSION IF NOT EXISTS name). */
        String name(int index) {
            List<Token> tokens = SqlLexer.tokenize(sql);
            return tokens.get(index).value();
        }

        String failure(SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            int nl = message.indexOf('\n');
            return kind + (label.isEmpty() ? "" : " " + label) + ": " + (nl < 0 ? message : message.substring(0, nl));
        }
    }

    /** One statement the writer emits. */
    private record Ddl(String kind, String label, String sql) {
        String text() {
            String name = label.isEmpty() ? "" : ": " + label.replaceAll("[\\r\\n]+", " ");
            return "-- " + kind + name + "\n" + sql.strip();
        }
    }

    /** An object whose creation order comes from pg_depend. */
    private static final class Node {
        final String key;
        final int rank;
        final String order;
        final List<Ddl> ddl = new ArrayList<>();
        final Set<String> deps = new LinkedHashSet<>();

        Node(String key, int rank, String order) {
            this.key = key;
            this.rank = rank;
            this.order = order;
        }
    }

    // Preferred order among objects that are free to go: types, sequences, tables, functions, views, then what was
    // split off from them. pg_depend overrides it wherever an object needs another one first.
    private static final int TYPE = 1, SEQUENCE = 2, TABLE = 3, FUNCTION = 4, VIEW = 5, LATER = 6;

    /** Reads the catalog and writes the script. */
    private static final class Writer {
        private final Connection c;
        private final String reader;
        private final List<String> notes = new ArrayList<>();
        private final List<Ddl> owners = new ArrayList<>();
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final Map<String, List<String>> dependsOn = new HashMap<>();

        Writer(Connection c, String reader) {
            this.c = c;
            this.reader = reader;
        }

        String write() throws SQLException {
            List<Ddl> out = new ArrayList<>();
            for (Row r : rows(c, "shadow_roles.sql")) {
                out.add(new Ddl("role", r.text("name"), "CREATE ROLE " + r.text("quoted") + " NOLOGIN"));
            }
            for (Row r : rows(c, "shadow_schemas.sql")) {
                out.add(new Ddl("schema", r.text("name"), "CREATE SCHEMA IF NOT EXISTS " + r.text("quoted")));
                owner("SCHEMA", r.text("quoted"), r.text("owner"));
            }
            for (Row r : rows(c, "shadow_extensions.sql")) {
                out.add(new Ddl("extension", r.text("name"), "CREATE EXTENSION IF NOT EXISTS " + r.text("quoted")
                        + (r.bool("owns_schema") ? "" : " WITH SCHEMA " + r.text("schema")) + " CASCADE"));
            }
            for (Row r : rows(c, "shadow_dependencies.sql")) {
                dependsOn.computeIfAbsent(r.text("dependent"), k -> new ArrayList<>()).add(r.text("referenced"));
            }

            List<Row> functions = rows(c, "shadow_functions.sql");
            Set<String> functionKeys = new HashSet<>();
            for (Row r : functions) if (r.text("ddl") != null) functionKeys.add(r.text("key"));
            types(functionKeys);
            List<Row> sequences = rows(c, "shadow_sequences.sql");
            for (Row r : sequences) {
                node(r.text("key"), SEQUENCE, r.text("qualified")).ddl.add(new Ddl("sequence", r.text("qualified"), r.text("ddl")));
                if (r.text("owned_by") == null) owner("SEQUENCE", r.text("qualified"), r.text("owner"));
            }
            List<Row> relations = rows(c, "shadow_relations.sql");
            List<Row> foreignKeys = tables(relations, functionKeys);
            functions(functions);
            views(relations);
            Map<String, String> populated = new HashMap<>();
            for (Row r : relations) if (r.text("relkind").equals("m") && r.bool("populated")) populated.put(r.text("key"), r.text("qualified"));
            List<String> refresh = new ArrayList<>();
            for (Node n : sorted()) {
                out.addAll(n.ddl);
                if (populated.containsKey(n.key)) refresh.add(populated.get(n.key));
            }

            indexes(out);
            for (Row r : foreignKeys) {
                out.add(new Ddl("foreign key", r.text("relation") + " " + r.text("name"),
                        "ALTER TABLE " + r.text("relation") + " ADD CONSTRAINT " + r.text("name") + " " + r.text("definition")));
            }
            for (Row r : sequences) {
                if (r.text("owned_by") == null) continue;
                out.add(new Ddl("sequence owner", r.text("qualified"), "ALTER SEQUENCE " + r.text("qualified") + " OWNED BY " + r.text("owned_by")));
            }
            // Populated on the target, so populated here: REFRESH … CONCURRENTLY refuses a materialized view that never was.
            for (String m : refresh) out.add(new Ddl("refresh", m, "REFRESH MATERIALIZED VIEW " + m));
            replicaIdentities(out, relations);
            triggers(out);
            security(out, relations);
            out.addAll(owners);
            for (Row r : rows(c, "shadow_comments.sql")) out.add(new Ddl("comment", "", r.text("ddl")));
            for (Row r : rows(c, "shadow_grants.sql")) out.add(new Ddl("privileges", "", r.text("ddl")));
            for (Row r : rows(c, "shadow_publications.sql")) out.add(new Ddl("publication", r.text("name"), r.text("definition")));
            // Last, so that they grant nothing on the script's own objects.
            for (Row r : rows(c, "shadow_default_privileges.sql")) out.add(new Ddl("default privileges", "", r.text("ddl")));
            return assemble(out);
        }

        private String assemble(List<Ddl> out) {
            StringBuilder script = new StringBuilder("-- Schema for a dbwarden shadow database: no data, user schemas only.\n");
            for (String note : notes) script.append("-- not recreated: ").append(note.replaceAll("[\\r\\n]+", " ")).append('\n');
            List<String> texts = out.stream().map(Ddl::text).toList();
            script.append(String.join(SEPARATOR, texts)).append(";\n");
            String result = script.toString();
            if (split(result).size() != texts.size()) {
                throw new IllegalStateException("shadow script does not split back into its " + texts.size() + " statements");
            }
            return result;
        }

        private void functions(List<Row> functions) {
            for (Row r : functions) {
                String kind = switch (r.text("kind")) {
                    case "p" -> "procedure";
                    case "a" -> "aggregate";
                    default -> "function";
                };
                if (r.text("ddl") == null) {
                    notes.add("ordered-set aggregate " + r.text("signature"));
                    continue;
                }
                node(r.text("key"), FUNCTION, r.text("signature")).ddl.add(new Ddl(kind, r.text("signature"), r.text("ddl")));
                owner(kind.toUpperCase(), r.text("signature"), r.text("owner"));
            }
        }

        private void views(List<Row> relations) {
            for (Row r : relations) {
                boolean materialized = r.text("relkind").equals("m");
                if (!materialized && !r.text("relkind").equals("v")) continue;
                String options = r.text("options") == null ? "" : " WITH (" + r.text("options") + ")";
                String sql = materialized
                        ? "CREATE MATERIALIZED VIEW " + r.text("qualified") + options + " AS\n" + r.text("view_definition") + "\nWITH NO DATA"
                        : "CREATE VIEW " + r.text("qualified") + options + " AS\n" + r.text("view_definition");
                node(r.text("key"), VIEW, r.text("qualified")).ddl.add(
                        new Ddl(materialized ? "materialized view" : "view", r.text("qualified"), sql));
                owner(materialized ? "MATERIALIZED VIEW" : "VIEW", r.text("qualified"), r.text("owner"));
            }
        }

        private void indexes(List<Ddl> out) throws SQLException {
            for (Row r : rows(c, "shadow_indexes.sql")) {
                String sql = r.text("definition");
                if (r.bool("partitioned")) {
                    // pg_get_indexdef writes ON ONLY for a partitioned index (pg_dump attaches the partitions' indexes
                    // one by one); without ONLY the index adopts the partitions' indexes made just before it.
                    String prefix = "CREATE " + (r.bool("is_unique") ? "UNIQUE " : "") + "INDEX " + r.text("name") + " ON ";
                    if (sql.startsWith(prefix + "ONLY ")) sql = prefix + sql.substring(prefix.length() + "ONLY ".length());
                }
                out.add(new Ddl(r.bool("is_valid") ? "index" : "invalid index", r.text("qualified"), sql));
            }
        }

        private void replicaIdentities(List<Ddl> out, List<Row> relations) {
            for (Row r : relations) {
                if (!r.text("relkind").equals("r") && !r.text("relkind").equals("p")) continue;
                String identity = switch (r.text("replica_identity")) {
                    case "f" -> "FULL";
                    case "n" -> "NOTHING";
                    case "i" -> r.text("replica_index") == null ? null : "USING INDEX " + r.text("replica_index");
                    default -> null;
                };
                if (identity != null) {
                    out.add(new Ddl("replica identity", r.text("qualified"), "ALTER TABLE " + r.text("qualified") + " REPLICA IDENTITY " + identity));
                }
            }
        }

        private void triggers(List<Ddl> out) throws SQLException {
            for (Row r : rows(c, "shadow_triggers.sql")) {
                String label = r.text("relation") + " " + r.text("name");
                out.add(new Ddl("trigger", label, r.text("definition")));
                String state = switch (r.text("enabled")) {
                    case "D" -> "DISABLE TRIGGER ";
                    case "R" -> "ENABLE REPLICA TRIGGER ";
                    case "A" -> "ENABLE ALWAYS TRIGGER ";
                    default -> null;
                };
                if (state != null) out.add(new Ddl("trigger state", label, "ALTER TABLE " + r.text("relation") + " " + state + r.text("name")));
            }
            for (Row r : rows(c, "shadow_rules.sql")) {
                out.add(new Ddl("rule", r.text("relation") + " " + r.text("name"), r.text("definition")));
            }
        }

        private void security(List<Ddl> out, List<Row> relations) throws SQLException {
            for (Row r : relations) {
                if (r.bool("rls_enabled")) {
                    out.add(new Ddl("row level security", r.text("qualified"), "ALTER TABLE " + r.text("qualified") + " ENABLE ROW LEVEL SECURITY"));
                }
                if (r.bool("rls_forced")) {
                    out.add(new Ddl("row level security", r.text("qualified"), "ALTER TABLE " + r.text("qualified") + " FORCE ROW LEVEL SECURITY"));
                }
            }
            for (Row r : rows(c, "shadow_policies.sql")) {
                out.add(new Ddl("policy", r.text("relation") + " " + r.text("name"), r.text("definition")));
            }
        }

        private void types(Set<String> functionKeys) throws SQLException {
            for (Row r : rows(c, "shadow_types.sql")) {
                String kind = switch (r.text("kind")) {
                    case "e" -> "enum";
                    case "c" -> "composite type";
                    case "r" -> "range type";
                    default -> "domain";
                };
                if (Boolean.TRUE.equals(r.value("has_canonical"))) notes.add("canonical function of range type " + r.text("qualified"));
                Node n = node(r.text("key"), TYPE, r.text("qualified"));
                n.deps.addAll(dependsOn.getOrDefault(r.text("key"), List.of()));
                StringBuilder sql = new StringBuilder(r.text("ddl"));
                List<String> keys = r.texts("check_keys");
                List<String> names = r.texts("check_names");
                List<String> defs = r.texts("check_defs");
                List<Boolean> validated = r.bools("check_validated");
                for (int i = 0; i < keys.size(); i++) {
                    List<String> deps = dependsOn.getOrDefault(keys.get(i), List.of());
                    if (validated.get(i) && deps.stream().noneMatch(functionKeys::contains)) {
                        sql.append(" CONSTRAINT ").append(names.get(i)).append(' ').append(defs.get(i));
                        n.deps.addAll(deps);
                    } else {
                        // NOT VALID is refused by CREATE DOMAIN; a check calling a user function waits for it.
                        Node later = node(keys.get(i), LATER, r.text("qualified") + " " + names.get(i));
                        later.deps.addAll(deps);
                        later.deps.add(n.key);
                        later.ddl.add(new Ddl("domain constraint", r.text("qualified") + " " + names.get(i),
                                "ALTER DOMAIN " + r.text("qualified") + " ADD CONSTRAINT " + names.get(i) + " " + defs.get(i)));
                    }
                }
                n.ddl.add(new Ddl(kind, r.text("qualified"), sql.toString()));
                owner(kind.equals("domain") ? "DOMAIN" : "TYPE", r.text("qualified"), r.text("owner"));
            }
        }

        /** Adds table nodes; returns the foreign keys, which come after every table and index. */
        private List<Row> tables(List<Row> relations, Set<String> functionKeys) throws SQLException {
            Map<String, List<Row>> columns = new HashMap<>();
            for (Row r : rows(c, "shadow_columns.sql")) {
                columns.computeIfAbsent(r.text("relation_key"), k -> new ArrayList<>()).add(r);
            }
            Map<String, List<Row>> constraints = new HashMap<>();
            List<Row> foreignKeys = new ArrayList<>();
            for (Row r : rows(c, "shadow_constraints.sql")) {
                if (r.text("type").equals("f")) foreignKeys.add(r);
                else constraints.computeIfAbsent(r.text("relation_key"), k -> new ArrayList<>()).add(r);
            }
            for (Row t : relations) {
                String relkind = t.text("relkind");
                String table = t.text("qualified");
                if (relkind.equals("f")) {
                    notes.add("foreign table " + table + " (needs its foreign server)");
                    continue;
                }
                if (!relkind.equals("r") && !relkind.equals("p")) continue;
                Node n = node(t.text("key"), TABLE, table);
                n.deps.addAll(dependsOn.getOrDefault(t.text("key"), List.of()));
                boolean partition = t.bool("is_partition");
                List<String> inherits = t.texts("inherits");
                List<String> elements = new ArrayList<>();
                List<Ddl> drops = new ArrayList<>();
                for (Row col : columns.getOrDefault(t.text("key"), List.of())) {
                    if (col.bool("dropped")) {
                        // A stand-in made and dropped at once keeps the later columns at the target's attnums. A child
                        // table's columns start with its parents', so there the positions cannot be kept this way.
                        if (!inherits.isEmpty()) continue;
                        String standIn = SqlNames.quote("dbwarden_dropped_" + col.text("position"));
                        elements.add(standIn + " integer");
                        drops.add(new Ddl("dropped column", table + " " + standIn, "ALTER TABLE " + table + " DROP COLUMN " + standIn));
                        continue;
                    }
                    if (!inherits.isEmpty() && !col.bool("is_local")) continue;
                    StringBuilder def = new StringBuilder(col.text("name")).append(' ').append(col.text("type"));
                    if (col.text("collation") != null) def.append(col.text("collation"));
                    String identity = col.text("identity");
                    String generated = col.text("generated");
                    List<String> defaultDeps = col.text("default_key") == null ? List.of()
                            : dependsOn.getOrDefault(col.text("default_key"), List.of());
                    if (identity != null && !identity.isEmpty()) {
                        def.append(identity.equals("a") ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
                        if (col.text("identity_options") != null) def.append(" (").append(col.text("identity_options")).append(')');
                    } else if (generated != null && !generated.isEmpty()) {
                        def.append(" GENERATED ALWAYS AS (").append(col.text("default_value")).append(generated.equals("v") ? ") VIRTUAL" : ") STORED");
                        n.deps.addAll(defaultDeps);
                    } else if (col.text("default_value") != null) {
                        if (defaultDeps.stream().anyMatch(functionKeys::contains)) {
                            // A default that calls a user function waits for it, so that the function may use this table.
                            Node d = node(col.text("default_key"), LATER, table + " " + col.text("name"));
                            d.deps.addAll(defaultDeps);
                            d.deps.add(n.key);
                            d.ddl.add(new Ddl("default", table + " " + col.text("name"), "ALTER TABLE " + table + " ALTER COLUMN "
                                    + col.text("name") + " SET DEFAULT " + col.text("default_value")));
                        } else {
                            def.append(" DEFAULT ").append(col.text("default_value"));
                            n.deps.addAll(defaultDeps);
                        }
                    }
                    if (col.bool("not_null")) def.append(" NOT NULL");
                    elements.add(def.toString());
                }
                for (Row con : constraints.getOrDefault(t.text("key"), List.of())) {
                    List<String> deps = dependsOn.getOrDefault(con.text("key"), List.of());
                    boolean inline = !partition && con.bool("validated") && deps.stream().noneMatch(functionKeys::contains);
                    if (inline) {
                        elements.add("CONSTRAINT " + con.text("name") + " " + con.text("definition"));
                        n.deps.addAll(deps);
                    } else {
                        // CREATE TABLE would validate a NOT VALID check; a check calling a user function waits for it.
                        Node k = node(con.text("key"), LATER, table + " " + con.text("name"));
                        k.deps.addAll(deps);
                        k.deps.add(n.key);
                        k.ddl.add(new Ddl("constraint", table + " " + con.text("name"),
                                "ALTER TABLE " + table + " ADD CONSTRAINT " + con.text("name") + " " + con.text("definition")));
                    }
                }
                StringBuilder sql = new StringBuilder("CREATE ");
                if (t.bool("unlogged")) sql.append("UNLOGGED ");
                sql.append("TABLE ").append(table);
                if (partition) {
                    sql.append(" PARTITION OF ").append(t.text("partition_parent")).append(' ').append(t.text("partition_bound"));
                } else {
                    sql.append(" (");
                    for (int i = 0; i < elements.size(); i++) sql.append(i == 0 ? "\n    " : ",\n    ").append(elements.get(i));
                    sql.append(elements.isEmpty() ? ")" : "\n)");
                    if (!inherits.isEmpty()) sql.append(" INHERITS (").append(String.join(", ", inherits)).append(')');
                }
                if (t.text("partition_key") != null) sql.append(" PARTITION BY ").append(t.text("partition_key"));
                if (t.text("options") != null) sql.append(" WITH (").append(t.text("options")).append(')');
                n.ddl.add(new Ddl(partition ? "partition" : relkind.equals("p") ? "partitioned table" : "table", table, sql.toString()));
                n.ddl.addAll(drops);
                owner("TABLE", table, t.text("owner"));
            }
            return foreignKeys;
        }

        private Node node(String key, int rank, String order) {
            Node n = new Node(key, rank, order);
            nodes.put(key, n);
            return n;
        }

        private void owner(String kind, String target, String owner) {
            if (owner == null || owner.equals(reader)) return;
            owners.add(new Ddl("owner", target, "ALTER " + kind + " " + target + " OWNER TO " + SqlNames.quote(owner)));
        }

        /**
         * Kahn's algorithm over pg_depend, taking among the objects whose dependencies are all made the one with the
         * lowest rank, then name. A cycle (which pg_depend allows only through objects the writer already splits
         * off, such as defaults) is broken by taking the lowest remaining object; its statement may then fail on load.
         */
        private List<Node> sorted() {
            Comparator<Node> order = Comparator.<Node>comparingInt(n -> n.rank).thenComparing(n -> n.order).thenComparing(n -> n.key);
            Map<String, Integer> waiting = new HashMap<>();
            Map<String, List<Node>> dependents = new HashMap<>();
            for (Node n : nodes.values()) {
                int count = 0;
                for (String d : n.deps) {
                    if (d.equals(n.key) || !nodes.containsKey(d)) continue;
                    count++;
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
                }
                waiting.put(n.key, count);
            }
            PriorityQueue<Node> ready = new PriorityQueue<>(order);
            for (Node n : nodes.values()) if (waiting.get(n.key) == 0) ready.add(n);
            List<Node> out = new ArrayList<>();
            Set<String> done = new HashSet<>();
            while (out.size() < nodes.size()) {
                Node next = ready.poll();
                if (next == null) {
                    next = nodes.values().stream().filter(n -> !done.contains(n.key)).min(order).orElseThrow();
                    notes.add("dependency cycle broken at " + next.order);
                }
                if (!done.add(next.key)) continue;
                out.add(next);
                for (Node d : dependents.getOrDefault(next.key, List.of())) {
                    if (done.contains(d.key)) continue;
                    int left = waiting.merge(d.key, -1, Integer::sum);
                    if (left == 0) ready.add(d);
                }
            }
            return out;
        }
    }

    /** One result row, by column label; SQL arrays become lists. */
    private record Row(Map<String, Object> values) {
        Object value(String column) {
            if (!values.containsKey(column)) throw new IllegalArgumentException("no column " + column);
            return values.get(column);
        }

        String text(String column) {
            Object v = value(column);
            return v == null ? null : v.toString();
        }

        boolean bool(String column) {
            return Boolean.TRUE.equals(value(column));
        }

        @SuppressWarnings("unchecked")
        List<String> texts(String column) {
            Object v = value(column);
            if (v == null) return List.of();
            return ((List<Object>) v).stream().map(o -> o == null ? null : o.toString()).toList();
        }

        @SuppressWarnings("unchecked")
        List<Boolean> bools(String column) {
            Object v = value(column);
            if (v == null) return List.of();
            return ((List<Object>) v).stream().map(Boolean.TRUE::equals).toList();
        }
    }

    private static List<Row> rows(Connection c, String file) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqlResource.load(ShadowSchema.class, file))) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> values = new HashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Array a) {
                        Object[] items = (Object[]) a.getArray();
                        List<Object> list = new ArrayList<>(items.length);
                        for (Object item : items) list.add(item);
                        v = list;
                    }
                    values.put(md.getColumnLabel(i), v);
                }
                out.add(new Row(values));
            }
        }
        return out;
    }

    private static List<String> column(Connection c, String file) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Row r : rows(c, file)) out.add(r.values.values().iterator().next().toString());
        return out;
    }
}

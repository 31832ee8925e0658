package io.dbwarden.codegen;

import io.dbwarden.codegen.PostgrestSchema.Argument;
import io.dbwarden.codegen.PostgrestSchema.Column;
import io.dbwarden.codegen.PostgrestSchema.Function;
import io.dbwarden.codegen.PostgrestSchema.PgType;
import io.dbwarden.codegen.PostgrestSchema.Relation;
import io.dbwarden.codegen.PostgrestSchema.Relationship;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The TypeScript file that {@code supabase gen types typescript} writes: {@code Json}, {@code Database} with Tables,
 * Views, Functions, Enums and CompositeTypes per schema, the helper types and {@code Constants}. It follows the
 * rules of Supabase's generator (postgres-meta 0.99) so that the output is the same types, checked against the real
 * generator by the tests; docs/code-generation.md lists the rules.
 */
public final class SupabaseTypes {
    private static final Set<String> NUMBER = Set.of("int2", "int4", "int8", "float4", "float8", "numeric");
    private static final Set<String> STRING = Set.of("bytea", "bpchar", "varchar", "date", "text", "citext", "time", "timetz",
            "timestamp", "timestamptz", "uuid", "vector", "interval");
    /** json, jsonb and text: the only types PostgREST accepts as an unnamed argument. */
    private static final Set<Long> UNNAMED_ARGUMENT_TYPES = Set.of(114L, 3802L, 25L);
    private static final Comparator<String> NAMES = english();

    private final PostgrestSchema db;
    private final CodegenOptions options;
    private final Map<Long, Relation> relations = new HashMap<>();
    private final Map<String, List<Function>> callable = new HashMap<>();

    private SupabaseTypes(PostgrestSchema db, CodegenOptions options) {
        this.db = db;
        this.options = options;
        db.relations().forEach(r -> relations.put(r.oid(), r));
        for (Function f : db.functions()) {
            if (isCallable(f)) callable.computeIfAbsent(f.schema(), k -> new ArrayList<>()).add(f);
        }
        callable.values().forEach(list -> list.sort(Comparator.comparing(Function::name, NAMES)
                .thenComparing(Function::argumentTypes, NAMES).thenComparing(Function::result, NAMES)));
    }

    /** Reads the schemas the options name and renders the file at options.typesPath. */
    public static List<GeneratedFile> generate(Connection connection, CodegenOptions options) throws SQLException {
        return List.of(new GeneratedFile(options.typesPath(), render(PostgrestSchema.read(connection, options.schemas()), options)));
    }

    static String render(PostgrestSchema db, CodegenOptions options) {
        return new SupabaseTypes(db, options).render();
    }

    private String render() {
        Ts ts = new Ts();
        ts.line("export type Json =");
        ts.line("  | string");
        ts.line("  | number");
        ts.line("  | boolean");
        ts.line("  | null");
        ts.line("  | { [key: string]: Json | undefined }");
        ts.line("  | Json[]");
        ts.line("");
        ts.open("export type Database = {");
        if (options.postgrestVersion() != null) {
            ts.line("// Allows to automatically instantiate createClient with right options");
            ts.line("// instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)");
            ts.open("__InternalSupabase: {");
            ts.line("PostgrestVersion: " + Ts.string(options.postgrestVersion()));
            ts.close("}");
        }
        for (String schema : sortedSchemas()) schema(ts, schema);
        ts.close("}");
        ts.line("");
        ts.raw(HELPERS.replace("%DEFAULT%", Ts.string(options.defaultSchema())));
        ts.line("");
        ts.open("export const Constants = {");
        for (String schema : sortedSchemas()) {
            ts.open(Ts.key(schema) + ": {");
            ts.open("Enums: {");
            for (PgType e : enums(schema)) {
                ts.list(Ts.key(e.name()) + ": [", e.labels().stream().map(Ts::string).toList(), "],");
            }
            ts.close("},");
            ts.close("},");
        }
        ts.close("} as const");
        return ts.toString();
    }

    private List<String> sortedSchemas() {
        return db.schemas().stream().sorted(NAMES).toList();
    }

    private void schema(Ts ts, String schema) {
        ts.open(Ts.key(schema) + ": {");
        List<Relation> tables = relations(schema, true);
        List<Relation> views = relations(schema, false);
        section(ts, "Tables", tables.isEmpty());
        for (Relation t : tables) table(ts, schema, t);
        if (!tables.isEmpty()) ts.close("}");
        section(ts, "Views", views.isEmpty());
        for (Relation v : views) view(ts, schema, v);
        if (!views.isEmpty()) ts.close("}");
        Map<String, List<Function>> byName = new LinkedHashMap<>();
        callable.getOrDefault(schema, List.of()).forEach(f -> byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f));
        section(ts, "Functions", byName.isEmpty());
        byName.forEach((name, overloads) -> functions(ts, schema, name, overloads));
        if (!byName.isEmpty()) ts.close("}");
        List<PgType> enums = enums(schema);
        section(ts, "Enums", enums.isEmpty());
        for (PgType e : enums) {
            ts.union(Ts.key(e.name()) + ":", e.labels().stream().map(Ts::string).toList());
        }
        if (!enums.isEmpty()) ts.close("}");
        List<PgType> composites = db.types().values().stream()
                .filter(t -> t.schema().equals(schema) && !t.attributes().isEmpty())
                .sorted(Comparator.comparing(PgType::name, NAMES)).toList();
        section(ts, "CompositeTypes", composites.isEmpty());
        for (PgType c : composites) {
            ts.open(Ts.key(c.name()) + ": {");
            for (PostgrestSchema.Attribute a : c.attributes()) {
                PgType type = db.types().get(a.type());
                ts.line(Ts.key(a.name()) + ": " + (type == null ? "unknown" : nullable(tsType(schema, type.name(), type.schema()), true)));
            }
            ts.close("}");
        }
        if (!composites.isEmpty()) ts.close("}");
        ts.close("}");
    }

    /** Opens a section, or writes it whole when it is empty. */
    private static void section(Ts ts, String name, boolean empty) {
        if (empty) {
            ts.open(name + ": {");
            ts.line("[_ in never]: never");
            ts.close("}");
        } else {
            ts.open(name + ": {");
        }
    }

    private List<Relation> relations(String schema, boolean tables) {
        return db.relations().stream().filter(r -> r.schema().equals(schema) && r.isTable() == tables)
                .sorted(Comparator.comparing(Relation::name, NAMES)).toList();
    }

    private List<PgType> enums(String schema) {
        return db.types().values().stream().filter(t -> t.schema().equals(schema) && !t.labels().isEmpty())
                .sorted(Comparator.comparing(PgType::name, NAMES)).toList();
    }

    private List<Column> columns(Relation r) {
        return db.columns().getOrDefault(r.oid(), List.of()).stream().sorted(Comparator.comparing(Column::name, NAMES)).toList();
    }

    private void table(Ts ts, String schema, Relation t) {
        ts.open(Ts.key(t.name()) + ": {");
        row(ts, schema, t);
        for (String member : List.of("Insert", "Update")) {
            ts.open(member + ": {");
            for (Column c : columns(t)) {
                if (c.identity().equals("a") || c.generated()) {
                    ts.line(Ts.key(c.name()) + "?: never");
                } else {
                    boolean optional = member.equals("Update") || c.nullable() || !c.identity().isEmpty() || c.hasDefault();
                    ts.line(Ts.key(c.name()) + (optional ? "?" : "") + ": " + nullable(tsType(schema, c.format(), c.typeSchema()), c.nullable()));
                }
            }
            ts.close("}");
        }
        relationships(ts, t);
        ts.close("}");
    }

    private void view(Ts ts, String schema, Relation v) {
        ts.open(Ts.key(v.name()) + ": {");
        row(ts, schema, v);
        for (String member : List.of("Insert", "Update")) {
            if (member.equals("Insert") ? !v.insertable() : !v.updatable()) continue;
            ts.open(member + ": {");
            for (Column c : columns(v)) {
                ts.line(Ts.key(c.name()) + "?: " + (c.updatable() ? nullable(tsType(schema, c.format(), c.typeSchema()), true) : "never"));
            }
            ts.close("}");
        }
        relationships(ts, v);
        ts.close("}");
    }

    /** The columns, then the computed fields: functions that take the relation's row and nothing else. */
    private void row(Ts ts, String schema, Relation r) {
        ts.open("Row: {");
        for (Column c : columns(r)) {
            ts.line(Ts.key(c.name()) + ": " + nullable(tsType(schema, c.format(), c.typeSchema()), c.nullable()));
        }
        for (Function f : callable.getOrDefault(schema, List.of())) {
            if (!isComputedField(f, r)) continue;
            List<String> fields = returnMembers(schema, f);
            ts.raw(fields == null ? Ts.key(f.name()) + ": " + nullable(argumentType(schema, f.returnType()), true)
                    : object(Ts.key(f.name()) + ": ", fields, " | null", 80 - 2 * ts.depth()));
        }
        ts.close("}");
    }

    private boolean isComputedField(Function f, Relation r) {
        List<Argument> inputs = f.inputs();
        if (inputs.size() == 1) {
            PgType arg = rowType(inputs.get(0).type());
            if (arg != null) return arg.relid() == r.oid();
        }
        return f.argumentTypes().equals(r.name());
    }

    private void relationships(Ts ts, Relation r) {
        List<Relationship> links = db.relationships().stream()
                .filter(l -> l.schema().equals(r.schema()) && l.relation().equals(r.name()) && l.refSchema().equals(r.schema()))
                .sorted(Comparator.comparing(Relationship::foreignKeyName, NAMES).thenComparing(Relationship::refRelation, NAMES)
                        .thenComparing(l -> Ts.stringArray(l.refColumns()), NAMES))
                .toList();
        if (links.isEmpty()) {
            ts.line("Relationships: []");
            return;
        }
        ts.open("Relationships: [");
        for (Relationship l : links) {
            ts.open("{");
            ts.line("foreignKeyName: " + Ts.string(l.foreignKeyName()));
            ts.line("columns: " + Ts.stringArray(l.columns()));
            if (options.detectOneToOne()) ts.line("isOneToOne: " + l.oneToOne());
            ts.line("referencedRelation: " + Ts.string(l.refRelation()));
            ts.line("referencedColumns: " + Ts.stringArray(l.refColumns()));
            ts.close("},");
        }
        ts.close("]");
    }

    // ---- functions ---------------------------------------------------------------------------------------------

    /**
     * PostgREST calls a function with named arguments, with none, with unnamed json/jsonb/text arguments that have
     * defaults, or with one unnamed json, jsonb, text or row-type argument.
     */
    private boolean isCallable(Function f) {
        List<Argument> in = f.inputs();
        if (in.isEmpty() || in.stream().noneMatch(a -> a.name().isEmpty())) return true;
        if (in.stream().allMatch(a -> !a.name().isEmpty() || (a.hasDefault() && UNNAMED_ARGUMENT_TYPES.contains(a.type())))) return true;
        return in.size() == 1 && (UNNAMED_ARGUMENT_TYPES.contains(in.get(0).type()) || rowType(in.get(0).type()) != null);
    }

    private void functions(Ts ts, String schema, String name, List<Function> overloads) {
        boolean single = overloads.size() == 1;
        int width = 80 - 2 * (ts.depth() + (single ? 1 : 2));
        List<List<String>> signatures = new ArrayList<>();
        for (Function f : overloads) signatures.add(signature(schema, f, overloads, width));
        if (single) {
            String oneLine = Ts.key(name) + ": { " + String.join("; ", signatures.get(0)) + " }";
            if (signatures.get(0).stream().noneMatch(m -> m.contains("\n")) && 2 * ts.depth() + oneLine.length() <= 80) {
                ts.line(oneLine);
                return;
            }
            ts.open(Ts.key(name) + ": {");
            signatures.get(0).forEach(ts::raw);
            ts.close("}");
            return;
        }
        ts.line(Ts.key(name) + ":");
        ts.indent();
        for (List<String> members : signatures) {
            String oneLine = "| { " + String.join("; ", members) + " }";
            if (members.stream().noneMatch(m -> m.contains("\n")) && 2 * ts.depth() + oneLine.length() <= 80) {
                ts.line(oneLine);
                continue;
            }
            ts.line("| {");
            ts.indent();
            ts.indent();
            members.forEach(ts::raw);
            ts.dedent();
            ts.line("}");
            ts.dedent();
        }
        ts.dedent();
    }

    /**
     * The members of one overload, each formatted to fit width: Args, Returns and, for functions returning rows of a
     * relation, SetofOptions.
     */
    private List<String> signature(String schema, Function f, List<Function> overloads, int width) {
        List<Argument> in = sortedByName(f.inputs());
        List<String> members = new ArrayList<>();
        members.add(in.isEmpty() ? "Args: Record<PropertyKey, never>" : object("Args: ", in.stream()
                .map(a -> Ts.key(a.name()) + (a.hasDefault() ? "?" : "") + ": " + argumentType(schema, a.type())).toList(), "", width));
        String error = conflict(schema, f, overloads);
        if (error == null && in.size() == 1 && in.get(0).name().isEmpty() && rowType(in.get(0).type()) != null && returnTableName(f) == null) {
            error = "the function " + schema + "." + f.name()
                    + " with parameter or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache";
        }
        String target = returnTableName(f);
        boolean manyRows = f.rows() != null && f.rows() > 1;
        String array = f.returnsSet() && !(!manyRows && target != null) ? "[]" : "";
        if (error != null) {
            members.add(object("Returns: ", List.of("error: true"), " & " + Ts.string(error) + array, width));
        } else {
            List<String> fields = returnMembers(schema, f);
            members.add(fields == null ? "Returns: " + argumentType(schema, f.returnType()) + array
                    : object("Returns: ", fields, array, width));
        }
        String setof = null;
        if (target != null) setof = setofOptions("*", target, !manyRows, f.returnsSet());
        if (f.args().size() == 1) {
            PgType source = rowType(f.args().get(0).type());
            if (source != null && target != null) {
                setof = f.returnsSet() && f.returnRelid() != null ? setofOptions(source.format(), target, !manyRows, true)
                        : setofOptions(source.format(), target, true, false);
            }
        }
        if (setof != null) members.add(setof);
        return members;
    }

    /** "prefix{ a; b }suffix" when it fits in width, otherwise one member per line. */
    private static String object(String prefix, List<String> members, String suffix, int width) {
        String one = prefix + "{ " + String.join("; ", members) + " }" + suffix;
        if (one.length() <= width) return one;
        StringBuilder b = new StringBuilder(prefix).append("{\n");
        members.forEach(m -> b.append("  ").append(m).append('\n'));
        return b.append('}').append(suffix).toString();
    }

    private static String setofOptions(String from, String to, boolean oneToOne, boolean setofReturn) {
        return object("SetofOptions: ", List.of("from: " + Ts.string(from), "to: " + Ts.string(to), "isOneToOne: " + oneToOne,
                "isSetofReturn: " + setofReturn), "", 0);
    }

    /** Overloads PostgREST cannot tell apart; the generator types them as an error, as Supabase's does. */
    private String conflict(String schema, Function f, List<Function> overloads) {
        if (overloads.size() <= 1) return null;
        List<Argument> in = f.inputs();
        if (in.isEmpty()) {
            for (Function other : overloads) {
                List<Argument> o = other.inputs();
                if (other != f && o.size() == 1 && o.get(0).name().isEmpty() && o.get(0).hasDefault()) {
                    PgType r = db.types().get(other.returnType());
                    return "Could not choose the best candidate function between: " + schema + "." + f.name() + "(), " + schema + "."
                            + f.name() + "( => " + (r == null ? "unknown" : r.name())
                            + "). Try renaming the parameters or the function itself in the database so function overloading can be resolved";
                }
            }
        }
        if (in.size() == 1 && !in.get(0).name().isEmpty()) {
            List<Function> clash = new ArrayList<>(List.of(f));
            for (Function other : overloads) {
                List<Argument> o = other.inputs();
                if (other != f && o.size() == 1 && o.get(0).name().equals(in.get(0).name()) && o.get(0).type() != in.get(0).type()) {
                    clash.add(other);
                }
            }
            if (clash.size() > 1) {
                clash.sort(Comparator.comparingLong(x -> x.inputs().get(0).type()));
                String list = clash.stream().map(x -> schema + "." + f.name() + "(" + x.inputs().stream()
                        .map(a -> a.name() + " => " + typeName(a.type())).collect(Collectors.joining(", ")) + ")")
                        .collect(Collectors.joining(", "));
                return "Could not choose the best candidate function between: " + list
                        + ". Try renaming the parameters or the function itself in the database so function overloading can be resolved";
            }
        }
        return null;
    }

    private String typeName(long oid) {
        PgType t = db.types().get(oid);
        return t == null ? "unknown" : t.name();
    }

    /** The members of the object a function returns, or null when it returns a plain type. */
    private List<String> returnMembers(String schema, Function f) {
        List<Argument> table = sortedByName(f.args().stream().filter(a -> a.mode().equals("table")).toList());
        if (!table.isEmpty()) return table.stream().map(a -> Ts.key(a.name()) + ": " + argumentType(schema, a.type())).toList();
        Relation r = f.returnRelid() == null ? null : relations.get(f.returnRelid());
        if (r != null && r.schema().equals(schema)) {
            return columns(r).stream().map(c -> Ts.key(c.name()) + ": " + nullable(tsType(schema, c.format(), c.typeSchema()), c.nullable()))
                    .toList();
        }
        return null;
    }

    private String argumentType(String schema, long oid) {
        PgType t = db.types().get(oid);
        return t == null ? "unknown" : tsType(schema, t.name(), t.schema());
    }

    /** The relation a function returns rows of, by name: a table or view of the included schemas, or a composite type. */
    private String returnTableName(Function f) {
        if (f.returnRelid() == null) return null;
        Relation r = relations.get(f.returnRelid());
        if (r != null) return r.name();
        PgType t = rowType(f.returnType());
        return t == null ? null : t.name();
    }

    /** The type when it is the row type of a table, view, materialized view, foreign table or composite type. */
    private PgType rowType(long oid) {
        PgType t = db.types().get(oid);
        return t != null && t.isRowType() ? t : null;
    }

    private static List<Argument> sortedByName(List<Argument> args) {
        return args.stream().sorted(Comparator.comparing(Argument::name, NAMES)).toList();
    }

    // ---- type mapping ------------------------------------------------------------------------------------------

    /** Supabase's mapping from a type name (a domain's base type name, arrays as _elem) to TypeScript. */
    private String tsType(String schema, String pgType, String typeSchema) {
        if (pgType.equals("bool")) return "boolean";
        if (NUMBER.contains(pgType)) return "number";
        if (STRING.contains(pgType)) return "string";
        if (pgType.equals("json") || pgType.equals("jsonb")) return "Json";
        if (pgType.equals("void")) return "undefined";
        if (pgType.equals("record")) return "Record<string, unknown>";
        if (pgType.startsWith("_")) {
            String element = tsType(schema, pgType.substring(1), typeSchema);
            return (element.matches("[A-Za-z0-9_.<>\\[\\]\"'{}]+") ? element : "(" + element + ")") + "[]";
        }
        String preferred = typeSchema == null ? schema : typeSchema;
        PgType e = byName(pgType, preferred, t -> !t.labels().isEmpty());
        if (e != null) {
            return db.schemas().contains(e.schema()) ? "Database[" + Ts.string(e.schema()) + "][\"Enums\"][" + Ts.string(e.name()) + "]"
                    : e.labels().stream().map(Ts::string).collect(Collectors.joining(" | "));
        }
        PgType c = byName(pgType, preferred, t -> !t.attributes().isEmpty());
        if (c != null) {
            return db.schemas().contains(c.schema())
                    ? "Database[" + Ts.string(c.schema()) + "][\"CompositeTypes\"][" + Ts.string(c.name()) + "]" : "unknown";
        }
        Relation r = relationByName(pgType, preferred);
        if (r != null) {
            return "Database[" + Ts.string(r.schema()) + "][" + (r.isTable() ? "\"Tables\"" : "\"Views\"") + "]["
                    + Ts.string(r.name()) + "][\"Row\"]";
        }
        return "unknown";
    }

    /** The type of that name in the preferred schema, else the first in (schema, name, oid) order. */
    private PgType byName(String name, String preferred, java.util.function.Predicate<PgType> kind) {
        PgType first = null;
        for (PgType t : db.types().values()) {
            if (!t.name().equals(name) || !kind.test(t)) continue;
            if (t.schema().equals(preferred)) return t;
            if (first == null || NAMES.compare(t.schema(), first.schema()) < 0
                    || (t.schema().equals(first.schema()) && t.oid() < first.oid())) {
                first = t;
            }
        }
        return first;
    }

    /** Tables, foreign tables, views, then materialized views; the preferred schema wins over that order. */
    private Relation relationByName(String name, String preferred) {
        List<Character> order = List.of('r', 'p', 'f', 'v', 'm');
        Comparator<Relation> rank = Comparator.comparing((Relation r) -> kindRank(r.kind()))
                .thenComparing(Relation::schema, NAMES).thenComparing(Relation::name, NAMES).thenComparingLong(Relation::oid);
        List<Relation> named = db.relations().stream().filter(r -> r.name().equals(name) && order.contains(r.kind())).sorted(rank).toList();
        return named.stream().filter(r -> r.schema().equals(preferred)).findFirst().orElse(named.isEmpty() ? null : named.get(0));
    }

    /** Supabase lists plain and partitioned tables together, then foreign tables, views and materialized views. */
    private static int kindRank(char kind) {
        return switch (kind) {
            case 'r', 'p' -> 0;
            case 'f' -> 1;
            case 'v' -> 2;
            default -> 3;
        };
    }

    /** Adds | null for nullable values; unknown already includes null, and a NOT NULL json value excludes it. */
    private static String nullable(String type, boolean isNullable) {
        if (type.equals("Json") && !isNullable) return "NonNullable<Json>";
        if (type.equals("unknown") || type.equals("any") || !isNullable) return type;
        return type + " | null";
    }

    /**
     * Supabase's generator sorts with an English ICU collator: white space, then punctuation and symbols, then digits,
     * then letters without regard to case; lower case first on ties. This approximation agrees on identifiers.
     */
    private static Comparator<String> english() {
        Comparator<String> primary = (x, y) -> {
            int n = Math.min(x.length(), y.length());
            for (int i = 0; i < n; i++) {
                int c = Integer.compare(weight(x.charAt(i)), weight(y.charAt(i)));
                if (c != 0) return c;
            }
            return Integer.compare(x.length(), y.length());
        };
        Comparator<String> lowerFirst = (x, y) -> {
            for (int i = 0; i < Math.min(x.length(), y.length()); i++) {
                char a = x.charAt(i);
                char b = y.charAt(i);
                if (a != b && Character.toLowerCase(a) == Character.toLowerCase(b)) return Character.isLowerCase(a) ? -1 : 1;
            }
            return 0;
        };
        return primary.thenComparing(lowerFirst).thenComparing(Comparator.naturalOrder());
    }

    private static int weight(char c) {
        if (Character.isWhitespace(c)) return 1;
        if (Character.isDigit(c)) return 0x10000 + c;
        if (Character.isLetter(c)) return 0x20000 + Character.toLowerCase(c);
        return c < 0x80 ? 2 + c : 0x30000 + c;
    }

    private static final String HELPERS = """
            type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

            type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, %DEFAULT%>]

            export type Tables<
              DefaultSchemaTableNameOrOptions extends
                | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
                | { schema: keyof DatabaseWithoutInternals },
              TableName extends (DefaultSchemaTableNameOrOptions extends {
                schema: keyof DatabaseWithoutInternals
              }
                ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
                    DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
                : never) = never,
            > = DefaultSchemaTableNameOrOptions extends {
              schema: keyof DatabaseWithoutInternals
            }
              ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
                  DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
                  Row: infer R
                }
                ? R
                : never
              : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
                    DefaultSchema["Views"])
                ? (DefaultSchema["Tables"] &
                    DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
                    Row: infer R
                  }
                  ? R
                  : never
                : never

            export type TablesInsert<
              DefaultSchemaTableNameOrOptions extends
                | keyof DefaultSchema["Tables"]
                | { schema: keyof DatabaseWithoutInternals },
              TableName extends (DefaultSchemaTableNameOrOptions extends {
                schema: keyof DatabaseWithoutInternals
              }
                ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
                : never) = never,
            > = DefaultSchemaTableNameOrOptions extends {
              schema: keyof DatabaseWithoutInternals
            }
              ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
                  Insert: infer I
                }
                ? I
                : never
              : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
                ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
                    Insert: infer I
                  }
                  ? I
                  : never
                : never

            export type TablesUpdate<
              DefaultSchemaTableNameOrOptions extends
                | keyof DefaultSchema["Tables"]
                | { schema: keyof DatabaseWithoutInternals },
              TableName extends (DefaultSchemaTableNameOrOptions extends {
                schema: keyof DatabaseWithoutInternals
              }
                ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
                : never) = never,
            > = DefaultSchemaTableNameOrOptions extends {
              schema: keyof DatabaseWithoutInternals
            }
              ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
                  Update: infer U
                }
                ? U
                : never
              : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
                ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
                    Update: infer U
                  }
                  ? U
                  : never
                : never

            export type Enums<
              DefaultSchemaEnumNameOrOptions extends
                | keyof DefaultSchema["Enums"]
                | { schema: keyof DatabaseWithoutInternals },
              EnumName extends (DefaultSchemaEnumNameOrOptions extends {
                schema: keyof DatabaseWithoutInternals
              }
                ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
                : never) = never,
            > = DefaultSchemaEnumNameOrOptions extends {
              schema: keyof DatabaseWithoutInternals
            }
              ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
              : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
                ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
                : never

            export type CompositeTypes<
              PublicCompositeTypeNameOrOptions extends
                | keyof DefaultSchema["CompositeTypes"]
                | { schema: keyof DatabaseWithoutInternals },
              CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
                schema: keyof DatabaseWithoutInternals
              }
                ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
                : never) = never,
            > = PublicCompositeTypeNameOrOptions extends {
              schema: keyof DatabaseWithoutInternals
            }
              ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
              : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
                ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
                : never
            """;
}

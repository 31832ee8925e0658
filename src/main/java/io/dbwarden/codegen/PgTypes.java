package io.dbwarden.codegen;

import io.dbwarden.catalog.Catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a catalog column (or a composite attribute) to what the TypeScript generators need: the base type name
 * after domains are unwrapped (Supabase's "format"), array depth, length, precision and scale, and the enum, composite
 * type or domain behind it. The catalog keeps format_type text for typmods and attributes, so that text is parsed here.
 */
final class PgTypes {
    private static final Pattern TYPMOD = Pattern.compile("\\(([0-9]+)(?:\\s*,\\s*(-?[0-9]+))?\\)");
    private static final Map<String, String> SQL_NAMES = Map.ofEntries(
            Map.entry("smallint", "int2"), Map.entry("integer", "int4"), Map.entry("bigint", "int8"),
            Map.entry("real", "float4"), Map.entry("double precision", "float8"), Map.entry("boolean", "bool"),
            Map.entry("character varying", "varchar"), Map.entry("character", "bpchar"),
            Map.entry("time without time zone", "time"), Map.entry("time with time zone", "timetz"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("bit varying", "varbit"));

    /** name is the base type name (int4, varchar, an enum's name); schema is null for built-in types. */
    record PgType(String schema, String name, int dims, Integer length, Integer precision, Integer scale,
                  Catalog.EnumType enumType, Catalog.CompositeType composite, Catalog.Domain domain) {
        PgType element() {
            return new PgType(schema, name, 0, length, precision, scale, enumType, composite, domain);
        }

        boolean isInteger() {
            return dims == 0 && (name.equals("int2") || name.equals("int4") || name.equals("int8"));
        }

        boolean isNumber() {
            return dims == 0 && (isInteger() || name.equals("float4") || name.equals("float8") || name.equals("numeric"));
        }

        boolean isString() {
            return dims == 0 && enumType == null && composite == null && STRINGS.contains(name);
        }
    }

    /** Types Supabase types as string. */
    static final List<String> STRINGS = List.of("bytea", "bpchar", "varchar", "text", "citext", "uuid", "date", "time",
            "timetz", "timestamp", "timestamptz", "interval", "vector");

    private final Catalog catalog;

    PgTypes(Catalog catalog) {
        this.catalog = catalog;
    }

    PgType column(Catalog.Column c) {
        Optional<Catalog.Domain> domain = domain(c.typeSchema(), c.typeName());
        if (domain.isPresent()) {
            PgType inner = parse(domain.get().baseType(), c.typeSchema());
            return new PgType(inner.schema(), inner.name(), inner.dims() + c.arrayDims(), inner.length(), inner.precision(),
                    inner.scale(), inner.enumType(), inner.composite(), c.arrayDims() == 0 ? domain.get() : null);
        }
        PgType t = plain(c.typeSchema(), c.typeName(), c.arrayDims());
        Matcher m = TYPMOD.matcher(c.type());
        if (m.find()) return withTypmod(t, m);
        return t;
    }

    /** Nullable by the Supabase rule: neither the column nor its domain says NOT NULL. */
    boolean nullable(Catalog.Column c, PgType t) {
        return !(c.notNull() || t.domain() != null && t.domain().notNull());
    }

    /** Parses format_type text such as {@code character varying(20)[]}, {@code public.mood} or {@code "Odd"}. */
    PgType parse(String text, String contextSchema) {
        String s = text.strip();
        int dims = 0;
        while (s.endsWith("[]")) {
            dims++;
            s = s.substring(0, s.length() - 2).strip();
        }
        Matcher m = TYPMOD.matcher(s);
        String name = m.find() ? (s.substring(0, m.start()) + s.substring(m.end())).replaceAll("\\s+", " ").strip() : s;
        String builtin = SQL_NAMES.get(name);
        if (builtin != null || !name.contains("\"") && !name.contains(".") && isBuiltin(name)) {
            PgType t = new PgType(null, builtin != null ? builtin : name, dims, null, null, null, null, null, null);
            return m.find(0) ? withTypmod(t, m) : t;
        }
        String schema = null;
        String local = name;
        List<String> parts = splitQualified(name);
        if (parts.size() == 2) {
            schema = parts.get(0);
            local = parts.get(1);
        } else if (parts.size() == 1) {
            local = parts.get(0);
        }
        if (schema == null) schema = findSchema(local, contextSchema);
        Optional<Catalog.Domain> domain = schema == null ? Optional.empty() : domain(schema, local);
        if (domain.isPresent()) {
            PgType inner = parse(domain.get().baseType(), schema);
            return new PgType(inner.schema(), inner.name(), inner.dims() + dims, inner.length(), inner.precision(),
                    inner.scale(), inner.enumType(), inner.composite(), dims == 0 ? domain.get() : null);
        }
        return plain(schema, local, dims);
    }

    private PgType plain(String schema, String name, int dims) {
        Catalog.EnumType e = catalog.enums().stream().filter(x -> x.schema().equals(schema) && x.name().equals(name))
                .findFirst().orElse(null);
        Catalog.CompositeType ct = catalog.compositeTypes().stream()
                .filter(x -> x.schema().equals(schema) && x.name().equals(name)).findFirst().orElse(null);
        String s = e != null || ct != null ? schema : "pg_catalog".equals(schema) ? null : schema;
        return new PgType(s, name, dims, null, null, null, e, ct, null);
    }

    private static PgType withTypmod(PgType t, Matcher m) {
        int first = Integer.parseInt(m.group(1));
        return switch (t.name()) {
            case "varchar", "bpchar" -> new PgType(t.schema(), t.name(), t.dims(), first, null, null, null, null, t.domain());
            case "numeric" -> new PgType(t.schema(), t.name(), t.dims(), null, first,
                    m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), null, null, t.domain());
            default -> t;
        };
    }

    private Optional<Catalog.Domain> domain(String schema, String name) {
        return catalog.domains().stream().filter(d -> d.schema().equals(schema) && d.name().equals(name)).findFirst();
    }

    private String findSchema(String name, String preferred) {
        List<String> found = new java.util.ArrayList<>();
        catalog.enums().stream().filter(x -> x.name().equals(name)).forEach(x -> found.add(x.schema()));
        catalog.compositeTypes().stream().filter(x -> x.name().equals(name)).forEach(x -> found.add(x.schema()));
        catalog.domains().stream().filter(x -> x.name().equals(name)).forEach(x -> found.add(x.schema()));
        if (found.contains(preferred)) return preferred;
        if (found.contains("public")) return "public";
        return found.isEmpty() ? null : found.get(0);
    }

    private static boolean isBuiltin(String name) {
        return name.matches("[a-z0-9_ ]+") && (STRINGS.contains(name) || List.of("int2", "int4", "int8", "float4", "float8",
                "numeric", "bool", "json", "jsonb", "money", "inet", "cidr", "macaddr", "point", "tsvector", "oid", "xml",
                "bit", "varbit", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange").contains(name));
    }

    /** Splits {@code a.b}, {@code "a"."b.c"} into unquoted parts. */
    static List<String> splitQualified(String name) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}

package io.dbwarden.codegen;

import io.dbwarden.catalog.Catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * TypeScript spelling shared by the interface, Zod and route generators: property keys, string literals, comments that
 * database text cannot break out of, and one collision-free PascalCase name per table, view, enum and composite type.
 *
 * <p>Naming: a table or view of the default schema is named by its name in PascalCase with the last word made
 * singular ({@code work_orders} → {@code WorkOrder}); in another schema the schema comes first ({@code billing.invoices}
 * → {@code BillingInvoice}). Enums and composite types are not made singular. Each object claims a family of names
 * (for a table {@code X}, {@code XRow}, {@code XInsert}, {@code XUpdate}, {@code XWithRelations}); objects claim in a
 * fixed order (tables and views by schema and name, then enums, then composite types), and one whose family overlaps
 * an earlier claim falls back to the name not made singular, then to that name with 2, 3, … appended. So two objects
 * never share a generated identifier, and the output does not depend on the order the catalog lists them in.
 */
final class TsNames {
    /** Family suffixes of a table or view; the Zod names are lowerFirst(name + suffix) + "Schema". */
    static final List<String> RELATION_FAMILY = List.of("", "Row", "Insert", "Update", "WithRelations");
    /** Names the generators declare themselves (DBJson, jsonSchema, nonNullJsonSchema). */
    private static final Set<String> RESERVED = Set.of("Json", "NonNullJson");

    private final Map<String, String> names = new HashMap<>();

    private TsNames() {
    }

    /** Assigns names to every table, view, enum and composite type of the included schemas. */
    static TsNames of(Catalog catalog, CodegenOptions options) {
        TsNames n = new TsNames();
        Set<String> used = new HashSet<>(RESERVED);
        record Item(String kind, String schema, String name) {
        }
        List<Item> relations = new ArrayList<>();
        catalog.tables().forEach(t -> relations.add(new Item("relation", t.schema(), t.name())));
        catalog.views().forEach(v -> relations.add(new Item("relation", v.schema(), v.name())));
        // The default schema first, and conventional lower-case names before quoted mixed-case ones, so that crews
        // keeps Crews when a table "Crews" also exists.
        relations.sort(Comparator.comparing((Item i) -> !i.schema().equals(options.defaultSchema()))
                .thenComparing(i -> !i.name().equals(i.name().toLowerCase(Locale.ROOT)))
                .thenComparing(Item::schema).thenComparing(Item::name));
        List<Item> all = new ArrayList<>(relations);
        catalog.enums().forEach(e -> all.add(new Item("enum", e.schema(), e.name())));
        catalog.compositeTypes().forEach(c -> all.add(new Item("composite", c.schema(), c.name())));
        for (Item i : all) {
            if (!options.schemas().contains(i.schema())) continue;
            String schemaPart = i.schema().equals(options.defaultSchema()) ? "" : pascal(i.schema());
            boolean relation = i.kind().equals("relation");
            List<String> family = relation ? RELATION_FAMILY : List.of("");
            String plain = startable(schemaPart + pascal(i.name()));
            String preferred = relation ? startable(schemaPart + pascal(singularName(i.name()))) : plain;
            String chosen = null;
            for (int k = 1; chosen == null; k++) {
                String candidate = k == 1 ? preferred : k == 2 ? plain : plain + (k - 1);
                if (family.stream().noneMatch(s -> used.contains(candidate + s))) chosen = candidate;
            }
            for (String s : family) used.add(chosen + s);
            n.names.put(i.kind() + "\u0000" + i.schema() + "\u0000" + i.name(), chosen);
        }
        return n;
    }

    /** The PascalCase base name of a table or view (without the interface prefix). */
    String relation(String schema, String name) {
        return require("relation", schema, name);
    }

    String enumName(String schema, String name) {
        return require("enum", schema, name);
    }

    String composite(String schema, String name) {
        return require("composite", schema, name);
    }

    boolean hasEnum(String schema, String name) {
        return names.containsKey("enum\u0000" + schema + "\u0000" + name);
    }

    boolean hasComposite(String schema, String name) {
        return names.containsKey("composite\u0000" + schema + "\u0000" + name);
    }

    boolean hasRelation(String schema, String name) {
        return names.containsKey("relation\u0000" + schema + "\u0000" + name);
    }

    private String require(String kind, String schema, String name) {
        String n = names.get(kind + "\u0000" + schema + "\u0000" + name);
        if (n == null) throw new IllegalArgumentException("no name for " + kind + " " + schema + "." + name);
        return n;
    }

    /** Zod constant for a family member, e.g. ("WorkOrder", "Insert") → workOrderInsertSchema. */
    static String zodName(String base, String suffix) {
        String s = base + suffix;
        return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1) + "Schema";
    }

    // ---- spelling ----

    /** A property key in a type or interface: bare when it is an identifier, a string literal otherwise. */
    static String key(String name) {
        return Ts.key(name);
    }

    /**
     * A property key in an object literal. {@code __proto__: x} (bare or quoted) would set the prototype instead of
     * defining a property, so that one name is written as a computed key.
     */
    static String literalKey(String name) {
        return name.equals("__proto__") ? "[\"__proto__\"]" : key(name);
    }

    /** A string literal that holds any text. */
    static String string(String s) {
        return Ts.string(s);
    }

    /**
     * A JSDoc block of untrusted text, or "" when there is none. "*&#47;" cannot end it early: every '/' that follows
     * a '*' is written as the look-alike U+2215, which a reader still understands.
     */
    static String doc(String indent, String text) {
        if (text == null || text.isBlank()) return "";
        String safe = text.replace("*/", "*\u2215");
        String[] lines = safe.strip().split("\r\n|\r|\n|\u2028|\u2029");
        if (lines.length == 1) return indent + "/** " + lines[0].strip() + " */\n";
        StringBuilder b = new StringBuilder(indent).append("/**\n");
        for (String l : lines) b.append(indent).append(" *").append(l.isBlank() ? "" : " " + l.stripTrailing()).append('\n');
        return b.append(indent).append(" */\n").toString();
    }

    /** PascalCase from any name: words split on anything that is not a letter or digit, each capitalised. */
    static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) && (cp < 0x80 || Character.isLetter(cp))) {
                b.appendCodePoint(upper ? Character.toUpperCase(cp) : cp);
                upper = false;
            } else {
                upper = true;
            }
        }
        return b.toString();
    }

    /** The name with its last word singular: work_orders → work_order, activity_logs → activity_log. */
    static String singularName(String name) {
        int i = name.length();
        while (i > 0 && Character.isLetter(name.charAt(i - 1))) i--;
        if (i == name.length()) return name;
        return name.substring(0, i) + singular(name.substring(i));
    }

    /** A small English singular: enough for table names, never producing an empty word; keeps the word's case. */
    static String singular(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() <= 3 || w.endsWith("ss") || w.endsWith("us") || w.endsWith("is") || !w.endsWith("s")) {
            String irregular = switch (w) {
                case "people" -> "person";
                case "children" -> "child";
                case "men" -> "man";
                case "women" -> "woman";
                default -> null;
            };
            if (irregular == null) return word;
            return word.equals(w) ? irregular : word.substring(0, 1) + irregular.substring(1);
        }
        boolean upper = word.equals(word.toUpperCase(Locale.ROOT));
        if (w.endsWith("ies")) return word.substring(0, word.length() - 3) + (upper ? "Y" : "y");
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zzes")
                || w.endsWith("uses")) {
            return word.substring(0, word.length() - 2);
        }
        return word.substring(0, word.length() - 1);
    }

    private static String startable(String s) {
        if (s.isEmpty()) return "Unnamed";
        return Character.isDigit(s.codePointAt(0)) ? "_" + s : s;
    }

    /** The module specifier of target (a path without extension) as seen from a file in fromDir. */
    static String relativeImport(String fromDir, String target) {
        List<String> from = segments(fromDir);
        List<String> to = segments(target);
        int common = 0;
        while (common < from.size() && common < to.size() - 1 && from.get(common).equals(to.get(common))) common++;
        StringBuilder b = new StringBuilder();
        for (int i = common; i < from.size(); i++) b.append("../");
        if (b.isEmpty()) b.append("./");
        b.append(String.join("/", to.subList(common, to.size())));
        return b.toString();
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty() && !s.equals(".")) out.add(s);
        return out;
    }

    /** typesPath without its extension and with the given infix: src/types/database.ts → src/types/database.zod. */
    static String sibling(CodegenOptions options, String infix) {
        String path = options.typesPath();
        String file = path.substring(options.typesDir().length());
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        return options.typesDir() + stem + infix;
    }

    /** The types file without extension, for imports. */
    static String typesModule(CodegenOptions options) {
        return sibling(options, "");
    }

    static String catalogKey(Catalog.Table t) {
        return t.schema() + "." + t.name();
    }
}

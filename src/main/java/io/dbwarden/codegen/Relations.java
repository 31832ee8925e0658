package io.dbwarden.codegen;

import io.dbwarden.catalog.Catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations that foreign keys imply, seen from each table of the included schemas: its own keys (many-to-one, or
 * one-to-one) and the keys of other tables that point at it (one-to-many, or one-to-one when the referencing columns are
 * unique). Property names are distinct per table and do not depend on catalog order; {@link InterfaceTypes} documents
 * the rule.
 */
final class Relations {
    enum Cardinality { ONE, ONE_NULLABLE, MANY }

    record Link(String property, Catalog.Table other, Cardinality cardinality, String description) {
    }

    record Table(Catalog.Table table, List<Link> links) {
    }

    private Relations() {
    }

    static List<Table> of(Catalog catalog, CodegenOptions options) {
        List<Catalog.Table> tables = catalog.tables().stream().filter(t -> options.schemas().contains(t.schema())).toList();
        List<Table> out = new ArrayList<>();
        for (Catalog.Table t : tables) {
            Set<String> taken = InterfaceTypes.columnNames(t);
            List<Link> links = new ArrayList<>();
            for (Catalog.Constraint k : foreignKeys(t)) {
                Catalog.Table target = target(catalog, options, k);
                if (target == null) continue;
                String wanted;
                if (k.columns().size() == 1) {
                    String col = k.columns().get(0);
                    wanted = col.endsWith("_id") && col.length() > 3 ? col.substring(0, col.length() - 3)
                            : col + "_" + TsNames.singularName(target.name());
                } else {
                    wanted = TsNames.singularName(target.name());
                }
                boolean nullable = k.columns().stream().anyMatch(c -> t.column(c).map(x -> !x.notNull()).orElse(true));
                String property = InterfaceTypes.unique(wanted, k.name(), taken);
                links.add(new Link(property, target, nullable ? Cardinality.ONE_NULLABLE : Cardinality.ONE,
                        t.name() + "(" + String.join(", ", k.columns()) + ") references " + target.schema() + "." + target.name()
                                + "(" + String.join(", ", k.refColumns()) + ") by " + k.name() + ". Embed it with "
                                + property + ":" + target.name() + "!" + k.name() + "(*)."));
            }
            record Incoming(Catalog.Table from, Catalog.Constraint key) {
            }
            List<Incoming> incoming = new ArrayList<>();
            for (Catalog.Table s : tables) {
                for (Catalog.Constraint k : foreignKeys(s)) {
                    if (t.schema().equals(k.refSchema()) && t.name().equals(k.refTable())) incoming.add(new Incoming(s, k));
                }
            }
            for (Incoming in : incoming) {
                Catalog.Table s = in.from();
                Catalog.Constraint k = in.key();
                long keysToThis = incoming.stream().filter(x -> x.from() == s).count();
                boolean oneToOne = oneToOne(s, k);
                String name = (s.schema().equals(t.schema()) ? "" : s.schema() + "_")
                        + (oneToOne ? TsNames.singularName(s.name()) : s.name());
                String wanted = keysToThis == 1 && s != t ? name : name + "_by_" + String.join("_", k.columns());
                String property = InterfaceTypes.unique(wanted, s.schema() + "_" + s.name() + "_" + k.name(), taken);
                links.add(new Link(property, s, oneToOne ? Cardinality.ONE_NULLABLE : Cardinality.MANY,
                        s.schema() + "." + s.name() + "(" + String.join(", ", k.columns()) + ") references this table by "
                                + k.name() + (oneToOne ? " (one-to-one: those columns are unique)" : "") + ". Embed it with "
                                + property + ":" + s.name() + "!" + k.name() + "(*)."));
            }
            out.add(new Table(t, List.copyOf(links)));
        }
        return out;
    }

    private static List<Catalog.Constraint> foreignKeys(Catalog.Table t) {
        return t.constraints().stream().filter(k -> k.type().equals("foreign_key"))
                .sorted(Comparator.comparing(Catalog.Constraint::name)).toList();
    }

    private static Catalog.Table target(Catalog catalog, CodegenOptions options, Catalog.Constraint k) {
        if (k.refSchema() == null || !options.schemas().contains(k.refSchema())) return null;
        return catalog.table(k.refSchema(), k.refTable()).orElse(null);
    }

    /** One-to-one when the referencing columns are exactly a primary key or unique constraint of their table. */
    static boolean oneToOne(Catalog.Table t, Catalog.Constraint fk) {
        Set<String> cols = new HashSet<>(fk.columns());
        return t.constraints().stream().anyMatch(k -> (k.type().equals("primary_key") || k.type().equals("unique"))
                && new HashSet<>(k.columns()).equals(cols));
    }
}

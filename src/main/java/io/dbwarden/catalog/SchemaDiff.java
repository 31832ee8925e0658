package io.dbwarden.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.Catalog.*;
import io.dbwarden.catalog.SchemaChange.Action;
import io.dbwarden.catalog.SchemaChange.FieldChange;
import io.dbwarden.catalog.SchemaChange.ObjectType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares two catalogs and returns typed changes for every object kind. Objects are matched by identity (name,
 * or signature for functions); altered objects list their changed fields. Statistics (row and size estimates) and
 * nested children are not fields: children are compared as objects of their own.
 */
public final class SchemaDiff {
    private static final Set<String> IGNORED_FIELDS = Set.of("stats", "sizeBytes", "columns", "constraints", "indexes",
            "policies", "triggers", "grants");

    private SchemaDiff() {
    }

    public static List<SchemaChange> diff(Catalog before, Catalog after) {
        List<SchemaChange> out = new ArrayList<>();
        compare(out, ObjectType.SCHEMA, before.schemas(), after.schemas(), Schema::name, s -> null, null);
        compare(out, ObjectType.EXTENSION, before.extensions(), after.extensions(), Extension::name, e -> null, null);
        compare(out, ObjectType.TABLE, before.tables(), after.tables(), Table::qualifiedName, Table::schema, Table::name);
        Map<String, Table> oldTables = index(before.tables(), Table::qualifiedName);
        for (Table t : after.tables()) {
            Table old = oldTables.get(t.qualifiedName());
            if (old == null) continue;
            children(out, t.schema(), t.name(), ObjectType.COLUMN, old.columns(), t.columns(), Column::name);
            children(out, t.schema(), t.name(), ObjectType.CONSTRAINT, old.constraints(), t.constraints(), Constraint::name);
            children(out, t.schema(), t.name(), ObjectType.INDEX, old.indexes(), t.indexes(), Index::name);
            children(out, t.schema(), t.name(), ObjectType.POLICY, old.policies(), t.policies(), Policy::name);
            children(out, t.schema(), t.name(), ObjectType.TRIGGER, old.triggers(), t.triggers(), Trigger::name);
            children(out, t.schema(), t.name(), ObjectType.GRANT, old.grants(), t.grants(), Grant::grantee);
        }
        for (boolean materialized : new boolean[]{false, true}) {
            ObjectType type = materialized ? ObjectType.MATERIALIZED_VIEW : ObjectType.VIEW;
            List<View> b = before.views().stream().filter(v -> v.materialized() == materialized).toList();
            List<View> a = after.views().stream().filter(v -> v.materialized() == materialized).toList();
            compare(out, type, b, a, View::qualifiedName, View::schema, View::name);
            Map<String, View> old = index(b, View::qualifiedName);
            for (View v : a) {
                View o = old.get(v.qualifiedName());
                if (o == null) continue;
                children(out, v.schema(), v.name(), ObjectType.COLUMN, o.columns(), v.columns(), Column::name);
                children(out, v.schema(), v.name(), ObjectType.INDEX, o.indexes(), v.indexes(), Index::name);
                children(out, v.schema(), v.name(), ObjectType.GRANT, o.grants(), v.grants(), Grant::grantee);
            }
        }
        compare(out, ObjectType.FUNCTION, before.functions(), after.functions(), Catalog.Function::signature,
                Catalog.Function::schema, f -> f.name() + "(" + f.identityArguments() + ")");
        compare(out, ObjectType.ENUM, before.enums(), after.enums(), e -> e.schema() + "." + e.name(), EnumType::schema, EnumType::name);
        compare(out, ObjectType.COMPOSITE_TYPE, before.compositeTypes(), after.compositeTypes(), c -> c.schema() + "." + c.name(),
                CompositeType::schema, CompositeType::name);
        compare(out, ObjectType.DOMAIN, before.domains(), after.domains(), d -> d.schema() + "." + d.name(), Domain::schema, Domain::name);
        compare(out, ObjectType.SEQUENCE, before.sequences(), after.sequences(), s -> s.schema() + "." + s.name(),
                Sequence::schema, Sequence::name);
        return List.copyOf(out);
    }

    private static <T> void compare(List<SchemaChange> out, ObjectType type, List<T> before, List<T> after,
                                    Function<T, String> key, Function<T, String> schema, Function<T, String> name) {
        Function<T, String> nameOf = name == null ? key : name;
        Map<String, T> old = index(before, key);
        Map<String, T> now = index(after, key);
        for (var e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                out.add(new SchemaChange(Action.DROPPED, type, schema.apply(e.getValue()), null, nameOf.apply(e.getValue()), List.of()));
            }
        }
        for (var e : now.entrySet()) {
            T o = old.get(e.getKey());
            if (o == null) {
                out.add(new SchemaChange(Action.ADDED, type, schema.apply(e.getValue()), null, nameOf.apply(e.getValue()), List.of()));
            } else {
                List<FieldChange> fields = fieldChanges(o, e.getValue());
                if (!fields.isEmpty()) {
                    out.add(new SchemaChange(Action.ALTERED, type, schema.apply(e.getValue()), null, nameOf.apply(e.getValue()), fields));
                }
            }
        }
    }

    private static <T> void children(List<SchemaChange> out, String schema, String relation, ObjectType type,
                                     List<T> before, List<T> after, Function<T, String> key) {
        Map<String, T> old = index(before, key);
        Map<String, T> now = index(after, key);
        for (String k : old.keySet()) {
            if (!now.containsKey(k)) out.add(new SchemaChange(Action.DROPPED, type, schema, relation, k, List.of()));
        }
        for (var e : now.entrySet()) {
            T o = old.get(e.getKey());
            if (o == null) {
                out.add(new SchemaChange(Action.ADDED, type, schema, relation, e.getKey(), List.of()));
            } else {
                List<FieldChange> fields = fieldChanges(o, e.getValue());
                if (!fields.isEmpty()) out.add(new SchemaChange(Action.ALTERED, type, schema, relation, e.getKey(), fields));
            }
        }
    }

    private static List<FieldChange> fieldChanges(Object before, Object after) {
        ObjectNode b = CatalogJson.mapper().valueToTree(before);
        ObjectNode a = CatalogJson.mapper().valueToTree(after);
        List<FieldChange> out = new ArrayList<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (IGNORED_FIELDS.contains(f)) continue;
            JsonNode bv = b.get(f);
            JsonNode av = a.get(f);
            if (!av.equals(bv)) out.add(new FieldChange(f, render(bv), render(av)));
        }
        return out;
    }

    private static String render(JsonNode n) {
        if (n == null || n.isNull()) return null;
        return n.isTextual() ? n.asText() : n.toString();
    }

    private static <T> Map<String, T> index(List<T> list, Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : list) m.put(key.apply(t), t);
        return m;
    }
}

package io.dbwarden.catalog;

import java.util.List;

/**
 * One typed difference between two catalogs: an object added, dropped or altered. For altered objects, the fields
 * that changed with their before and after values. {@code relation} is set for objects that live on a table or view
 * (columns, constraints, indexes, policies, triggers, grants).
 */
public record SchemaChange(Action action, ObjectType objectType, String schema, String relation, String name,
                           List<FieldChange> changes) {

    public enum Action { ADDED, DROPPED, ALTERED }

    public enum ObjectType {
        SCHEMA, EXTENSION, TABLE, COLUMN, CONSTRAINT, INDEX, POLICY, TRIGGER, GRANT, VIEW, MATERIALIZED_VIEW,
        FUNCTION, ENUM, COMPOSITE_TYPE, DOMAIN, SEQUENCE
    }

    public record FieldChange(String field, String before, String after) {
    }

    /** A readable name for the object, such as {@code public.users.email} or {@code public.users_pkey on public.users}. */
    public String subject() {
        if (relation == null) return schema == null ? name : schema + "." + name;
        if (objectType == ObjectType.COLUMN) return schema + "." + relation + "." + name;
        return name + " on " + schema + "." + relation;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(action.name().toLowerCase()).append(' ')
                .append(objectType.name().toLowerCase().replace('_', ' ')).append(' ').append(subject());
        for (FieldChange f : changes) b.append("\n  ").append(f.field()).append(": ").append(f.before()).append(" → ").append(f.after());
        return b.toString();
    }
}

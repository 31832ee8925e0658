package io.dbwarden.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.SchemaChange;
import io.dbwarden.catalog.SchemaChange.Action;
import io.dbwarden.catalog.SchemaChange.ObjectType;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Finding.Category;
import io.dbwarden.findings.Finding.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns differences between the expected and the live schema into findings: one per changed object in scope, graded
 * by how likely it is to break running code (a dropped column breaks reads; an added one does not).
 */
final class SchemaChangeFindings {
    static final String RULE = "schema-changed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaChangeFindings() {
    }

    static List<Finding> of(List<SchemaChange> changes, SchemaMonitor.TableScope scope, String baseline) {
        List<Finding> out = new ArrayList<>();
        for (SchemaChange ch : changes) {
            if (!inScope(ch, scope)) continue;
            ObjectNode evidence = JSON.createObjectNode();
            evidence.put("action", ch.action().name().toLowerCase(Locale.ROOT));
            evidence.put("object_type", ch.objectType().name().toLowerCase(Locale.ROOT));
            evidence.put("object", ch.subject());
            evidence.put("expected", baseline);
            evidence.set("fields", JSON.valueToTree(ch.changes()));
            Severity severity = severity(ch);
            Category category = securityRelevant(ch) ? Category.SECURITY : Category.SCHEMA_DRIFT;
            out.add(Finding.of(RULE, severity, category, ch.subject(), ch.action() + " " + ch.objectType(), title(ch),
                    detail(ch, baseline), remediation(ch), evidence));
        }
        return out;
    }

    private static boolean inScope(SchemaChange ch, SchemaMonitor.TableScope scope) {
        if (scope.all()) return true;
        String table = ch.relation() != null ? ch.relation() : ch.name();
        return switch (ch.objectType()) {
            case TABLE, VIEW, MATERIALIZED_VIEW, COLUMN, CONSTRAINT, INDEX, POLICY, TRIGGER, GRANT -> scope.covers(ch.schema(), table);
            default -> false;
        };
    }

    static Severity severity(SchemaChange ch) {
        if (securityRelevant(ch)) return Severity.HIGH;
        return switch (ch.action()) {
            case DROPPED -> switch (ch.objectType()) {
                case TABLE, VIEW, MATERIALIZED_VIEW, COLUMN, FUNCTION, SCHEMA, ENUM, COMPOSITE_TYPE, DOMAIN -> Severity.HIGH;
                case CONSTRAINT, INDEX, TRIGGER, SEQUENCE, EXTENSION -> Severity.MEDIUM;
                default -> Severity.LOW;
            };
            case ALTERED -> ch.objectType() == ObjectType.COLUMN || ch.objectType() == ObjectType.ENUM
                    || ch.objectType() == ObjectType.FUNCTION ? Severity.MEDIUM : Severity.LOW;
            case ADDED -> ch.objectType() == ObjectType.CONSTRAINT ? Severity.MEDIUM : Severity.LOW;
        };
    }

    /** Row-level security switched off, a policy dropped or changed, or privileges changed: who can see what moved. */
    static boolean securityRelevant(SchemaChange ch) {
        if (ch.objectType() == ObjectType.POLICY && ch.action() != Action.ADDED) return true;
        if (ch.objectType() == ObjectType.GRANT && ch.action() != Action.DROPPED) return true;
        return ch.objectType() == ObjectType.TABLE && ch.changes().stream()
                .anyMatch(f -> f.field().equals("rlsEnabled") && "false".equals(f.after()));
    }

    private static String title(SchemaChange ch) {
        String kind = ch.objectType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String verb = switch (ch.action()) {
            case ADDED -> "was added";
            case DROPPED -> "was dropped";
            case ALTERED -> "changed (" + String.join(", ", ch.changes().stream().map(SchemaChange.FieldChange::field).toList()) + ")";
        };
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " " + ch.subject() + " " + verb;
    }

    private static String detail(SchemaChange ch, String baseline) {
        StringBuilder b = new StringBuilder("Compared with ").append(baseline).append(", the live database has: ").append(ch);
        return b.toString();
    }

    private static String remediation(SchemaChange ch) {
        String accept = "If the change is intended, update the application code and the generated types, then accept the new schema "
                + "(dbwarden schema-monitor --accept, or refresh the committed snapshot with dbwarden snapshot --out FILE).";
        return switch (ch.action()) {
            case DROPPED -> accept + " If it is not, restore the " + ch.objectType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " from its definition in the last snapshot.";
            default -> accept;
        };
    }
}

package io.dbwarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.findings.Finding;
import io.dbwarden.migrate.MigrationReport;
import io.dbwarden.migrate.ReportFormats;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CI formats of {@code dbwarden check}: the migration report with the lints that check gates on, so a CI system
 * that reads only the JUnit or SARIF file sees why the check failed. Lints are null when check_min_level is off.
 */
final class CheckReports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckReports() {
    }

    /** Two suites under one testsuites element: the migrations, and one test case per lint (or one passing case). */
    static String junit(MigrationReport report, List<Finding> lints, String level) {
        String migrations = ReportFormats.junit(report).replaceFirst("^<\\?xml[^>]*>\\n", "");
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"dbwarden check\">\n");
        b.append(migrations.indent(2));
        if (lints != null) {
            b.append("  <testsuite name=\"dbwarden lints at ").append(ReportFormats.xml(level)).append(" or above\" tests=\"")
                    .append(Math.max(1, lints.size())).append("\" failures=\"").append(lints.size()).append("\" errors=\"0\" skipped=\"0\">\n");
            if (lints.isEmpty()) b.append("    <testcase classname=\"lints\" name=\"no lint at ").append(ReportFormats.xml(level)).append(" or above\"/>\n");
            for (Finding f : lints) {
                b.append("    <testcase classname=\"lints.").append(f.category().id()).append("\" name=\"")
                        .append(ReportFormats.xml(f.ruleId() + " " + f.subject())).append("\">\n")
                        .append("      <failure type=\"").append(f.severity().id()).append("\" message=\"").append(ReportFormats.xml(f.title()))
                        .append("\">").append(ReportFormats.xml(f.detail() + (f.remediation() == null ? "" : "\nFix: " + f.remediation())))
                        .append("</failure>\n    </testcase>\n");
            }
            b.append("  </testsuite>\n");
        }
        return b.append("</testsuites>\n").toString();
    }

    /** The migration SARIF run with each lint added as a result on the database object it names. */
    static String sarif(MigrationReport report, List<Finding> lints) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(ReportFormats.sarif(report));
            if (lints == null) return JSON.writeValueAsString(root);
            ObjectNode run = (ObjectNode) root.path("runs").get(0);
            ArrayNode rules = (ArrayNode) run.path("tool").path("driver").path("rules");
            ArrayNode results = (ArrayNode) run.path("results");
            Set<String> seen = new HashSet<>();
            for (JsonNode r : rules) seen.add(r.path("id").asText());
            for (Finding f : lints) {
                if (seen.add(f.ruleId())) {
                    ObjectNode rule = rules.addObject().put("id", f.ruleId());
                    rule.putObject("shortDescription").put("text", f.title());
                    rule.putObject("properties").put("category", f.category().id());
                }
                ObjectNode res = results.addObject();
                res.put("ruleId", f.ruleId());
                res.put("level", switch (f.severity()) {
                    case CRITICAL, HIGH -> "error";
                    case MEDIUM -> "warning";
                    default -> "note";
                });
                res.putObject("message").put("text", f.detail() + (f.remediation() == null ? "" : "\nFix: " + f.remediation()));
                res.putArray("locations").addObject().putArray("logicalLocations").addObject().put("fullyQualifiedName", f.subject());
                res.putObject("partialFingerprints").put("dbwardenFinding", f.fingerprint());
            }
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

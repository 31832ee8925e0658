package io.dbwarden.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads an EXPLAIN (FORMAT JSON) plan and says in a few lines what a person would look for first: the total cost,
 * the most expensive nodes, sequential scans of large relations, estimates that are far off and sorts that spill.
 */
public final class PlanSummary {
    private static final long LARGE_SCAN_ROWS = 10_000;
    /** Plan fields that say nothing when zero or false: counters of I/O that did not happen, flags that are off. */
    private static final Pattern QUIET_WHEN_ZERO = Pattern.compile(
            "(Shared|Local|Temp) (Hit|Read|Dirtied|Written) Blocks|.* I/O (Read|Write) Time|Parallel Aware|Async Capable"
                    + "|WAL (Records|FPI|Bytes|Buffers Full)");

    private PlanSummary() {
    }

    public static List<String> summarize(JsonNode explainOutput) {
        JsonNode root = explainOutput.isArray() ? explainOutput.get(0) : explainOutput;
        JsonNode plan = root.path("Plan");
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "Estimated total cost %.1f, %s rows.",
                plan.path("Total Cost").asDouble(), fmt(plan.path("Plan Rows").asLong())));
        if (root.has("Execution Time")) {
            head.append(String.format(Locale.ROOT, " Ran in %.1f ms (planning %.1f ms), returned %s rows.",
                    root.path("Execution Time").asDouble(), root.path("Planning Time").asDouble(),
                    fmt(plan.path("Actual Rows").asLong() * Math.max(1, plan.path("Actual Loops").asLong()))));
        }
        lines.add(head.toString());
        walk(plan, lines, 0);
        if (lines.size() == 1) lines.add("No obvious problem in this plan.");
        return lines;
    }

    /**
     * A copy of the plan without what only costs tokens: zero I/O counters, false flags and VERBOSE's output column
     * lists. Row counts and timings stay, zero or not.
     */
    public static JsonNode compact(JsonNode plan) {
        JsonNode copy = plan.deepCopy();
        prune(copy);
        return copy;
    }

    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("Output");
            List<String> quiet = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                boolean zero = (v.isNumber() && v.asDouble() == 0) || (v.isBoolean() && !v.asBoolean());
                if (zero && QUIET_WHEN_ZERO.matcher(e.getKey()).matches()) quiet.add(e.getKey());
            });
            o.remove(quiet);
        }
        for (JsonNode child : node) prune(child);
    }

    private static void walk(JsonNode node, List<String> lines, int depth) {
        String type = node.path("Node Type").asText();
        String relation = node.has("Relation Name")
                ? node.path("Schema").asText("") + (node.has("Schema") ? "." : "") + node.path("Relation Name").asText() : null;
        long planRows = node.path("Plan Rows").asLong();
        boolean analyzed = node.has("Actual Rows");
        long actualRows = node.path("Actual Rows").asLong() * Math.max(1, node.path("Actual Loops").asLong());
        if (type.equals("Seq Scan") && relation != null) {
            long scanned = analyzed ? actualRows + node.path("Rows Removed by Filter").asLong() * Math.max(1, node.path("Actual Loops").asLong())
                    : planRows;
            if (node.has("Filter") && (scanned >= LARGE_SCAN_ROWS || planRows >= LARGE_SCAN_ROWS)) {
                lines.add("Sequential scan of " + relation + " with filter " + node.path("Filter").asText()
                        + (analyzed ? " read " + fmt(scanned) + " rows to return " + fmt(actualRows) : " (estimated " + fmt(planRows) + " rows)")
                        + ": an index on the filtered columns may help.");
            }
        }
        if (analyzed && planRows > 0) {
            long est = Math.max(1, planRows * Math.max(1, node.path("Actual Loops").asLong()));
            long act = Math.max(1, actualRows);
            if ((act >= 10 * est || est >= 10 * act) && Math.max(act, est) >= 1000) {
                lines.add(type + (relation != null ? " on " + relation : "") + ": estimated " + fmt(est) + " rows but got "
                        + fmt(actualRows) + "; run ANALYZE on the table or add extended statistics.");
            }
        }
        String sortMethod = node.path("Sort Method").asText("");
        if (sortMethod.contains("external")) {
            lines.add("Sort spilled to disk (" + sortMethod + ", " + node.path("Sort Space Used").asLong()
                    + " kB): raise work_mem for this query or add an index that provides the order.");
        }
        if (node.path("Hash Batches").asLong() > 1) {
            lines.add("Hash used " + node.path("Hash Batches").asLong() + " batches (spilled to disk): raise work_mem or reduce the build side.");
        }
        for (JsonNode child : node.path("Plans")) walk(child, lines, depth + 1);
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

package io.dbwarden.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * TaskMaster ids are numbers (legacy writer) or numeric strings (tm-core writer), and dotted for subtasks. Read both,
 * compare as normalised strings ("2" equals 2), write numbers, and never renumber.
 */
final class TaskIds {
    private TaskIds() {
    }

    static String normalise(JsonNode id) {
        if (id == null || id.isNull() || id.isMissingNode()) return "";
        if (id.isIntegralNumber()) return id.asText();
        if (id.isNumber()) {
            java.math.BigDecimal d = id.decimalValue().stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        String s = id.asText().trim();
        return s.matches("0*\\d+") ? String.valueOf(Long.parseLong(s)) : s;
    }

    /** Max numeric top-level id in the tag + 1, or 1 for an empty tag. */
    static long next(ArrayNode tasks) {
        long max = 0;
        for (JsonNode t : tasks) {
            String id = normalise(t.get("id"));
            if (id.matches("\\d{1,18}")) max = Math.max(max, Long.parseLong(id));
        }
        return max + 1;
    }
}

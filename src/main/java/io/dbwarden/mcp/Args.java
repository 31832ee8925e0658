package io.dbwarden.mcp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads tool arguments with clear errors. Every call is checked against the input schema first (McpServerFactory); these checks are the
 * second line for clients that skip validation and for values a schema cannot bound.
 */
final class Args {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Map<String, Object> map;

    Args(Map<String, Object> map) {
        this.map = map == null ? Map.of() : map;
    }

    String string(String name, String fallback) {
        Object v = map.get(name);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw new IllegalArgumentException(name + " must be a string.");
        return s;
    }

    String requiredString(String name) {
        String s = string(name, null);
        if (s == null || s.isBlank()) throw new IllegalArgumentException(name + " is required.");
        return s;
    }

    int integer(String name, int fallback, int min, int max) {
        Object v = map.get(name);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ".");
        }
        long l = n.longValue();
        if (l < min || l > max) throw new IllegalArgumentException(name + " must be from " + min + " to " + max + " (got " + l + ").");
        return (int) l;
    }

    double number(String name, double fallback, double min, double max) {
        Object v = map.get(name);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ".");
        double d = n.doubleValue();
        if (d < min || d > max) throw new IllegalArgumentException(name + " must be from " + min + " to " + max + " (got " + d + ").");
        return d;
    }

    boolean bool(String name, boolean fallback) {
        Object v = map.get(name);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException(name + " must be true or false.");
        return b;
    }

    /** An object argument as JSON text (a client may also send the JSON text itself as a string); null when absent. */
    String objectJson(String name) {
        Object v = map.get(name);
        if (v == null || v instanceof String) return (String) v;
        if (!(v instanceof Map<?, ?>)) throw new IllegalArgumentException(name + " must be a JSON object.");
        try {
            return JSON.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(name + " could not be read as JSON: " + e.getOriginalMessage());
        }
    }

    Set<String> strings(String name) {
        Object v = map.get(name);
        if (v == null) return Set.of();
        if (v instanceof String s) return Set.of(s);
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException(name + " must be a list of strings.");
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw new IllegalArgumentException(name + " must be a list of strings.");
            out.add(s);
        }
        return out;
    }
}

package io.dbwarden.codegen;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What type_generator and {@code dbwarden generate} can produce. */
public enum Target {
    /** The Supabase-style {@code Database} type file ({@code supabase gen types typescript}). */
    TYPES,
    /** One interface per table and view, named with the interface prefix, with relations when asked. */
    INTERFACES,
    /** Zod schemas for Row, Insert and Update. */
    ZOD,
    /** Next.js App Router route handlers. */
    ROUTES,
    /** pgTAP test files. */
    TESTS,
    /** Markdown documentation with a Mermaid ER diagram. */
    DOCS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Target parse(String id) {
        for (Target t : values()) if (t.id().equalsIgnoreCase(id.strip())) return t;
        throw new IllegalArgumentException("Unknown target '" + id + "'. Use one of: "
                + String.join(", ", Arrays.stream(values()).map(Target::id).toList()) + ".");
    }

    public static List<Target> parseAll(List<String> ids) {
        if (ids == null || ids.isEmpty()) return List.of(TYPES);
        return ids.stream().map(Target::parse).distinct().toList();
    }
}

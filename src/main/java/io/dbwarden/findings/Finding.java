package io.dbwarden.findings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing that needs attention, the only alert shape dbwarden has. Every analyzer returns findings; the
 * {@link FindingStore} keeps their lifecycle and tells the sinks. The fingerprint (rule + subject + a stable
 * discriminator) is what makes the same problem the same finding across checks.
 *
 * @param ruleId      stable kebab-case rule id, for example {@code code-references-missing-column}
 * @param subject     the database object ({@code public.users.email}) or source location ({@code app/page.tsx:12})
 * @param remediation SQL or code where possible, else a sentence
 * @param evidence    machine-readable facts behind the finding
 */
public record Finding(String ruleId, Severity severity, Category category, String subject, String title, String detail,
                      String remediation, JsonNode evidence, String fingerprint) {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public enum Severity {
        CRITICAL, HIGH, MEDIUM, LOW, INFO;

        public static Severity parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("severity must be critical, high, medium, low or info (got '" + s + "').");
            }
        }

        public boolean atLeast(Severity other) {
            return ordinal() <= other.ordinal();
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Category {
        SCHEMA_DRIFT, PERFORMANCE, SECURITY, INTEGRITY, MIGRATION, RESOURCE;

        public static Category parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("category must be schema-drift, performance, security, integrity, migration or resource (got '"
                        + s + "').");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Most severe first, then by title: the order every listing uses. */
    public static final java.util.Comparator<Finding> BY_SEVERITY =
            java.util.Comparator.comparing((Finding f) -> f.severity().ordinal()).thenComparing(Finding::title);

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(title, "title");
        if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) throw new IllegalArgumentException("rule id must be kebab-case: " + ruleId);
        if (evidence == null) evidence = JsonNodeFactory.instance.objectNode();
        if (fingerprint == null) fingerprint = fingerprint(ruleId, subject, "");
    }

    /** A finding whose fingerprint is rule + subject + discriminator. */
    public static Finding of(String ruleId, Severity severity, Category category, String subject, String discriminator,
                             String title, String detail, String remediation, JsonNode evidence) {
        return new Finding(ruleId, severity, category, subject, title, detail, remediation, evidence,
                fingerprint(ruleId, subject, discriminator));
    }

    public static String fingerprint(String ruleId, String subject, String discriminator) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((ruleId + "\u0000" + subject + "\u0000"
                    + (discriminator == null ? "" : discriminator)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

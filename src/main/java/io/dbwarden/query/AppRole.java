package io.dbwarden.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;
import io.dbwarden.db.SqlWork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The application's API role to plan statements as, with the JWT claims PostgREST would set, so that row-level security
 * policies add their predicates to the plans (and the indexes those predicates need are found). Statements are planned
 * with {@code SET LOCAL ROLE} inside dbwarden's read-only transaction; parameter values and statistics are still read as
 * dbwarden's own role, because pg_stats hides the statistics of tables whose policies apply to the reader.
 */
public record AppRole(String role, String claims) {
    static final int MAX_CLAIMS_CHARS = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public AppRole {
        if (role == null || role.isBlank() || role.length() > 63 || role.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("role must be a role name of 1 to 63 characters, such as authenticated.");
        }
        objectOf(claims);
    }

    /**
     * From the tool's or command's arguments: either may be missing. Without claims the role alone is used (with a
     * {@code role} claim); without a role, the claims' {@code role} claim names it, else {@code authenticated}.
     */
    public static AppRole of(String role, String claims) {
        if ((role == null || role.isBlank()) && (claims == null || claims.isBlank())) return null;
        if (claims != null && claims.length() > MAX_CLAIMS_CHARS) {
            throw new IllegalArgumentException("jwt_claims is longer than " + MAX_CLAIMS_CHARS + " characters.");
        }
        ObjectNode parsed = claims == null || claims.isBlank() ? JSON.createObjectNode() : objectOf(claims);
        if (role == null || role.isBlank()) role = parsed.path("role").isTextual() ? parsed.path("role").asText() : "authenticated";
        if (!parsed.has("role")) parsed.put("role", role);
        return new AppRole(role, parsed.toString());
    }

    private static ObjectNode objectOf(String claims) {
        JsonNode node;
        try {
            node = JSON.readTree(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("jwt_claims is not valid JSON: " + e.getOriginalMessage()
                    + ". Give the token's payload as a JSON object, e.g. {\"sub\": \"<user uuid>\", \"role\": \"authenticated\"}.");
        }
        if (!(node instanceof ObjectNode o)) {
            throw new IllegalArgumentException("jwt_claims must be a JSON object, e.g. {\"sub\": \"<user uuid>\", \"role\": \"authenticated\"}.");
        }
        return o;
    }

    /**
     * Checks the role and sets the claims for the rest of the transaction: {@code request.jwt.claims} as PostgREST 10+
     * does, and {@code request.jwt.claim.<name>} per top-level claim as older versions did (auth.uid() reads either).
     * Returns the role to switch back to after each planning step, and adds a note when policies cannot apply.
     */
    String begin(Connection c, List<String> notes) throws SQLException {
        String back;
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(AppRole.class, "app_role.sql"))) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException("role " + role + " does not exist in this database. "
                        + "On Supabase the API roles are anon and authenticated.");
                back = rs.getString("current_role_name");
                if (!rs.getBoolean("can_set")) {
                    throw new IllegalArgumentException("dbwarden's database user " + back + " may not SET ROLE " + role + ". Grant it: GRANT "
                            + SqlNames.quote(role) + " TO " + SqlNames.quote(back)
                            + " (on PostgreSQL 16+ add WITH INHERIT FALSE, so dbwarden does not gain the role's privileges).");
                }
                if (rs.getBoolean("bypasses_rls")) {
                    notes.add("Role " + role + " bypasses row-level security (superuser or BYPASSRLS), so no policy adds predicates to its plans.");
                }
            }
        }
        ObjectNode parsed = objectOf(claims);
        try (PreparedStatement ps = c.prepareStatement("select set_config(?, ?, true)")) {
            ps.setString(1, "request.jwt.claims");
            ps.setString(2, claims);
            ps.execute();
            for (Iterator<Map.Entry<String, JsonNode>> it = parsed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> claim = it.next();
                if (!CLAIM_NAME.matcher(claim.getKey()).matches() || claim.getValue().isContainerNode()) continue;
                ps.setString(1, "request.jwt.claim." + claim.getKey());
                ps.setString(2, claim.getValue().asText());
                ps.execute();
            }
        }
        return back;
    }

    /** Runs one planning step as the role, then switches back to {@code back} (a failure is undone by the caller's rollback). */
    <T> T plan(Connection c, String back, SqlWork<T> work) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set local role " + SqlNames.quote(role));
        }
        T result = work.run(c);
        try (Statement st = c.createStatement()) {
            st.execute("set local role " + SqlNames.quote(back));
        }
        return result;
    }

    /** For reports: the role and the names of the claims (their values may identify a user, so they are not echoed). */
    Map<String, Object> asMap() {
        List<String> names = new java.util.ArrayList<>();
        objectOf(claims).fieldNames().forEachRemaining(names::add);
        return Map.of("role", role, "claims", names);
    }
}

package io.dbwarden.advise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.db.SqlNames;
import io.dbwarden.findings.Finding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that judge policy expressions by parsing them: auth-rls-initplan, rls-references-user-metadata,
 * rls-policy-always-true and public-bucket-allows-listing.
 */
final class PolicyRules {
    private static final Set<String> API_OR_PUBLIC = Set.of("public", "anon", "authenticated");

    record Policy(String schema, String table, String name, boolean rlsEnabled, String command, boolean permissive, List<String> roles,
                  String using, String withCheck) {
        String subject() {
            return schema + "." + table + "." + name;
        }

        boolean forApiRoles() {
            return roles.stream().anyMatch(API_OR_PUBLIC::contains);
        }
    }

    record Bucket(String id, String name) {
    }

    private final Set<String> wrappers;
    private final Set<String> excludedSchemas;

    PolicyRules(Set<String> wrappers, Set<String> excludedSchemas) {
        this.wrappers = wrappers;
        this.excludedSchemas = excludedSchemas;
    }

    List<Finding> findings(List<Policy> policies, List<Bucket> publicBuckets) {
        List<Finding> out = new ArrayList<>();
        for (Policy p : policies) {
            PolicyExpression using = Advisors.parseQuietly(p.using());
            PolicyExpression check = Advisors.parseQuietly(p.withCheck());
            if (!excludedSchemas.contains(p.schema())) {
                initPlan(p, using, check, out);
                userMetadata(p, using, check, out);
                alwaysTrue(p, using, check, out);
            }
        }
        for (Bucket b : publicBuckets) listing(b, policies, out);
        return out;
    }

    private void initPlan(Policy p, PolicyExpression using, PolicyExpression check, List<Finding> out) {
        if (!p.rlsEnabled()) return;
        Set<String> perRow = new LinkedHashSet<>();
        for (PolicyExpression e : new PolicyExpression[]{using, check}) {
            if (e == null) continue;
            for (PolicyExpression.AuthCall call : e.authCalls(wrappers)) if (!call.wrapped()) perRow.add(call.function());
        }
        if (perRow.isEmpty()) return;
        LintRule rule = LintRules.byId("auth-rls-initplan");
        String calls = String.join(", ", perRow);
        out.add(Advisors.finding(rule, rule.severity(), p.subject(), "",
                "Policy \"" + p.name() + "\" on " + p.schema() + "." + p.table() + " calls " + calls
                        + " directly, so PostgreSQL evaluates it for every row instead of once per query.",
                "-- wrap each call in a sub-select, e.g. (select auth.uid()), then re-create the policy:\n"
                        + "alter policy " + SqlNames.ident(p.name()) + " on " + SqlNames.ident(p.schema()) + "." + SqlNames.ident(p.table())
                        + (p.using() != null ? " using (" + wrapCalls(p.using(), perRow) + ")" : "")
                        + (p.withCheck() != null ? " with check (" + wrapCalls(p.withCheck(), perRow) + ")" : "") + ";",
                evidence(p).put("per_row_calls", calls)));
    }

    /** The expression with each per-row call's text wrapped; a suggestion, printed next to the original. */
    private static String wrapCalls(String expr, Set<String> calls) {
        String s = expr;
        for (String call : calls) {
            if (call.endsWith("()") && !call.equals("current_setting()")) s = s.replace(call, "(select " + call + ")");
        }
        return s;
    }

    private void userMetadata(Policy p, PolicyExpression using, PolicyExpression check, List<Finding> out) {
        boolean reads = using != null && using.readsUserMetadata() || check != null && check.readsUserMetadata();
        if (!reads) return;
        LintRule rule = LintRules.byId("rls-references-user-metadata");
        out.add(Advisors.finding(rule, rule.severity(), p.subject(), "",
                "Policy \"" + p.name() + "\" on " + p.schema() + "." + p.table()
                        + " decides on user_metadata, which every signed-in user can change for themselves (supabase.auth.updateUser).",
                "-- keep authorization data in app_metadata (only the service role can write it), or in a table of your own:\n"
                        + "-- e.g. ... (auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'", evidence(p)));
    }

    private void alwaysTrue(Policy p, PolicyExpression using, PolicyExpression check, List<Finding> out) {
        if (!p.permissive() || !p.forApiRoles()) return;
        boolean usingTrue = using != null && using.alwaysTrue();
        boolean checkTrue = check != null && check.alwaysTrue();
        String cmd = p.command();
        String why = null;
        if (Set.of("UPDATE", "DELETE", "ALL").contains(cmd) && (using == null || usingTrue)) {
            why = "its USING clause is " + (using == null ? "missing" : "always true") + ", so every row can be " + verb(cmd);
        } else if (checkTrue) {
            why = "its WITH CHECK clause is always true, so any row can be written";
        } else if (cmd.equals("INSERT") && check == null) {
            why = "it has no WITH CHECK clause, so any row can be inserted";
        }
        if (why == null) return;
        LintRule rule = LintRules.byId("rls-policy-always-true");
        out.add(Advisors.finding(rule, rule.severity(), p.subject(), "",
                "Permissive " + cmd + " policy \"" + p.name() + "\" on " + p.schema() + "." + p.table() + " for "
                        + String.join(", ", p.roles()) + ": " + why + ".",
                "alter policy " + SqlNames.ident(p.name()) + " on " + SqlNames.ident(p.schema()) + "." + SqlNames.ident(p.table())
                        + " using (<who owns the row, e.g. user_id = (select auth.uid())>)"
                        + (cmd.equals("SELECT") || cmd.equals("DELETE") ? "" : " with check (<same condition>)") + ";",
                evidence(p)));
    }

    private static String verb(String cmd) {
        return switch (cmd) {
            case "DELETE" -> "deleted";
            case "UPDATE" -> "updated";
            default -> "read and changed";
        };
    }

    private void listing(Bucket b, List<Policy> policies, List<Finding> out) {
        List<String> names = new ArrayList<>();
        for (Policy p : policies) {
            if (!p.schema().equals("storage") || !p.table().equals("objects")) continue;
            if (!p.permissive() || !p.forApiRoles() || !(p.command().equals("SELECT") || p.command().equals("ALL"))) continue;
            PolicyExpression using = Advisors.parseQuietly(p.using());
            if (p.using() == null || using != null && (using.alwaysTrue() || using.onlyBucket(b.id()))) names.add(p.name());
        }
        if (names.isEmpty()) return;
        LintRule rule = LintRules.byId("public-bucket-allows-listing");
        ObjectNode ev = JsonNodeFactory.instance.objectNode().put("schema", "storage").put("name", b.name()).put("type", "bucket")
                .put("bucket_id", b.id()).put("bucket_name", b.name()).put("policy_count", names.size());
        names.forEach(ev.putArray("policy_names")::add);
        out.add(Advisors.finding(rule, rule.severity(), "storage.buckets." + b.id(), "",
                "Public bucket '" + b.name() + "' has SELECT polic" + (names.size() == 1 ? "y " : "ies ") + String.join(", ", names)
                        + " on storage.objects that let anyone list every file in it; public URLs work without any such policy.",
                "-- drop the listing policy (public object URLs keep working), or restrict it to the owner:\n"
                        + "drop policy " + SqlNames.ident(names.get(0)) + " on storage.objects;", ev));
    }

    private static ObjectNode evidence(Policy p) {
        ObjectNode ev = JsonNodeFactory.instance.objectNode().put("schema", p.schema()).put("name", p.table()).put("type", "table")
                .put("policy_name", p.name()).put("command", p.command()).put("permissive", p.permissive());
        p.roles().forEach(ev.putArray("roles")::add);
        ev.put("qual", p.using());
        ev.put("with_check", p.withCheck());
        return ev;
    }
}

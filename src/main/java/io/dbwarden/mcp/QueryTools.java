package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.query.AppRole;
import io.dbwarden.query.IndexAdvisor;
import io.dbwarden.query.QueryAnalyzer;

import java.util.List;

/** query_analyzer, with the parameters of the team's plan, and recommend_indexes. */
final class QueryTools {
    private final Warden warden;

    QueryTools(Warden warden) {
        this.warden = warden;
    }

    List<McpTool> tools() {
        return List.of(queryAnalyzer(), recommendIndexes());
    }

    private McpTool queryAnalyzer() {
        var tool = CoreTools.tool("query_analyzer", "Analyze slow queries",
                "Slow queries of the last window from pg_stat_statements (mean or estimated p95 over threshold_ms), why each is slow "
                        + "from its plan (with a fix), N+1 and spill patterns, and caching advice. log_slow_queries records them as findings.",
                """
                {"type": "object", "properties": {
                  %s,
                  "threshold_ms": {"type": "number", "default": 500, "description": "Slow when the mean or estimated p95 exceeds this."},
                  "log_slow_queries": {"type": "boolean", "default": true, "description": "Record each slow query as a finding."},
                  "suggest_optimizations": {"type": "boolean", "default": true, "description": "Explain plans and suggest fixes."}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            QueryAnalyzer.Report r = warden.queryAnalyzer(a.string("database", null)).analyze(new QueryAnalyzer.Options(
                    a.number("threshold_ms", 500, 1, 86_400_000), a.bool("log_slow_queries", true), a.bool("suggest_optimizations", true)));
            return ToolResults.untrusted(r.slow().size() + " slow queries.", r.asMap());
        });
    }

    private McpTool recommendIndexes() {
        var tool = CoreTools.tool("recommend_indexes", "Recommend indexes",
                "Indexes to create for the workload of the last window (or one statement): candidates from the plans, costed over real "
                        + "parameter values with HypoPG when installed (else an estimate, said per recommendation), chosen under a storage "
                        + "budget net of write cost; plus unused, duplicate and prefix-redundant indexes to drop.",
                """
                {"type": "object", "properties": {
                  %s,
                  "sql": {"type": "string", "description": "One statement to advise for; default: the workload of the window."},
                  "budget_mb": {"type": "number", "description": "Storage for new indexes in MB (default query.index_budget_mb)."},
                  "role": {"type": "string", "description": "Plan as this API role under row-level security, e.g. authenticated."},
                  "jwt_claims": {"type": "object", "description": "JWT claims for the policies, e.g. {\\"sub\\": \\"<user uuid>\\"}; implies role."}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            IndexAdvisor.Report r = warden.indexAdvisor(a.string("database", null)).recommend(new IndexAdvisor.Options(
                    a.string("sql", null), a.number("budget_mb", warden.indexBudgetMb(), 1, 10_000_000),
                    AppRole.of(a.string("role", null), a.objectJson("jwt_claims"))));
            return ToolResults.untrusted(r.recommendations().size() + " indexes to create, " + r.drops().size() + " to drop (method "
                    + r.method() + ").", r.asMap());
        });
    }
}

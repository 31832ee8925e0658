package io.dbwarden;

import io.dbwarden.catalog.CatalogCache;
import io.dbwarden.codegen.CodeGenerator;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlRunner;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.findings.LogSink;
import io.dbwarden.findings.WebhookSink;
import io.dbwarden.migrate.MigrationApplier;
import io.dbwarden.migrate.MigrationValidator;
import io.dbwarden.migrate.ShadowDatabases;
import io.dbwarden.monitor.SchemaMonitor;
import io.dbwarden.query.QueryAnalyzer;
import io.dbwarden.state.StateStore;
import io.dbwarden.tasks.TaskContext;
import io.dbwarden.tasks.TaskSync;
import io.dbwarden.tasks.TaskmasterProject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where dbwarden's services are wired by hand. Surfaces (MCP, CLI, web) get services from here; each
 * configured connection gets its own pool, catalog cache and SQL runner on first use, so start-up stays lean.
 */
public final class Warden implements AutoCloseable {
    private final Config config;
    private final Map<String, Services> services = new ConcurrentHashMap<>();
    private volatile StateStore state;
    private volatile FindingStore findings;
    private ShadowDatabases shadows;
    private io.dbwarden.advise.Sampler sampler;
    private final Map<String, SchemaMonitor> monitors = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What one configured database offers. */
    public record Services(Database database, CatalogCache catalog, SqlRunner sql) {
    }

    public Warden(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Services for a configured connection name (null means "default"). A literal URL is accepted only if allowed. */
    public Services forConnection(String name) {
        String key = name == null || name.isBlank() ? Config.DEFAULT_CONNECTION : name.trim();
        if (key.contains("://")) {
            if (!config.allowLiteralUrls()) {
                throw new ConfigException("database takes the name of a configured connection, not a URL, so that secrets stay out "
                        + "of the conversation. Configured: " + String.join(", ", config.connections().keySet())
                        + ". (allow_literal_urls: true in dbwarden.yaml accepts URLs.)");
            }
            return services.computeIfAbsent(key, k -> create(new Config.Connection(
                    "url:" + io.dbwarden.config.ConnectionUrl.parse(k).display(), k, null, null)));
        }
        Config.Connection connection = config.connection(key);
        return services.computeIfAbsent(connection.name(), k -> create(connection));
    }

    private Services create(Config.Connection connection) {
        Database db = new Database(connection, config.limits(), config.allowWrites());
        return new Services(db, new CatalogCache(db), new SqlRunner(db));
    }

    /** The state store, opened (and migrated) on first use. */
    public StateStore state() {
        StateStore s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) state = StateStore.open(config.stateUrl(), config.projectRoot());
                s = state;
            }
        }
        return s;
    }

    /** The finding store, with the log sink and, if configured, the webhook. */
    public FindingStore findings() {
        FindingStore f = findings;
        if (f == null) {
            synchronized (this) {
                if (findings == null) {
                    FindingStore store = new FindingStore(state());
                    store.addSink(new LogSink());
                    Config.Monitor m = config.monitor();
                    if (m.webhookUrl() != null && !m.webhookUrl().isBlank()) {
                        WebhookSink webhook = new WebhookSink(m.webhookUrl(), Finding.Severity.parse(m.webhookMinSeverity()));
                        closeables.add(webhook);
                        store.addSink(webhook);
                    }
                    findings = store;
                }
                f = findings;
            }
        }
        return f;
    }

    /** Throwaway databases for the migration validator's shadow runs (the embedded PostgreSQL unless configured). */
    public synchronized ShadowDatabases shadows() {
        if (shadows == null) {
            shadows = new ShadowDatabases(config.migrate().shadowUrl(), config.demo().pgVersion(),
                    config.projectRoot().resolve(".dbwarden/shadow-pg" + config.demo().pgVersion()));
            closeables.add(shadows);
        }
        return shadows;
    }

    public MigrationValidator validator(String connectionName) {
        Services s = forConnection(connectionName);
        return new MigrationValidator(s.database(), s.catalog(), shadows(), config.projectRoot(), config.monitor().codeGlobs());
    }

    public MigrationApplier applier(String connectionName) {
        Services s = forConnection(connectionName);
        return new MigrationApplier(s.database(), validator(connectionName), state(), config.projectRoot());
    }

    /** The code generator of a connection; it writes under the project root. */
    public CodeGenerator codegen(String connectionName) {
        return new CodeGenerator(forConnection(connectionName).catalog(), config.projectRoot());
    }

    /** The query analyzer of a connection: workload snapshots, slow queries, plan problems, caching advice. */
    public QueryAnalyzer queryAnalyzer(String connectionName) {
        Services s = forConnection(connectionName);
        Config.Query q = config.query();
        return new QueryAnalyzer(s.database().name(), s.database(), s.catalog(), state(), findings(),
                advisors(connectionName), java.time.Duration.ofMinutes(q.windowMinutes()),
                q.explainAnalyze());
    }

    /** The index advisor of a connection: candidates from the workload's plans, HypoPG or estimated costs, drops. */
    public io.dbwarden.query.IndexAdvisor indexAdvisor(String connectionName) {
        Services s = forConnection(connectionName);
        return new io.dbwarden.query.IndexAdvisor(s.database().name(), s.database(), state(),
                advisors(connectionName), java.time.Duration.ofMinutes(config.query().windowMinutes()));
    }

    /** The index budget in MB from the configuration (query.index_budget_mb). */
    public int indexBudgetMb() {
        return config.query().indexBudgetMb();
    }

    /** The advisors (lints) of a connection; their findings go to the finding store. */
    public io.dbwarden.advise.Advisors advisors(String connectionName) {
        return new io.dbwarden.advise.Advisors(forConnection(connectionName).database(), findings(), config.advisors());
    }

    /** The health checks of a connection; their findings go to the finding store, their samples to the state store. */
    public io.dbwarden.advise.Health health(String connectionName) {
        return new io.dbwarden.advise.Health(forConnection(connectionName).database(), findings(), state(), config.advisors());
    }

    /**
     * Starts the background sampler of every configured connection (advisors.sample_interval_minutes; 0 is off, and
     * then this returns null). Calling it again returns the running one; it stops when this Warden closes.
     */
    public synchronized io.dbwarden.advise.Sampler startSampler() {
        int minutes = config.advisors().sampleIntervalMinutes();
        if (sampler != null || minutes == 0 || config.connections().isEmpty()) return sampler;
        sampler = io.dbwarden.advise.Sampler.start(List.copyOf(config.connections().keySet()), this::health,
                java.time.Duration.ofMinutes(minutes));
        closeables.add(sampler);
        return sampler;
    }

    /** The integrity checks of a connection: NOT VALID constraints, implied relationships, declared data checks. */
    public io.dbwarden.advise.Integrity integrity(String connectionName) {
        return new io.dbwarden.advise.Integrity(forConnection(connectionName).database(), findings(), config.integrity());
    }

    /** The schema monitor of a connection (not started: {@link SchemaMonitor#start()} follows changes). */
    public SchemaMonitor monitor(String connectionName) {
        Services s = forConnection(connectionName);
        return monitors.computeIfAbsent(s.database().name(), name -> {
            SchemaMonitor m = new SchemaMonitor(name, s.database(), s.catalog(), state(), findings(), config.monitor(), config.projectRoot());
            // The monitor reports a failing listener in its log and carries on, so a broken tasks.json never stops a check.
            if (config.tasks().syncAfterCheck()) m.addListener(r -> taskSync().sync(r.connection()));
            closeables.add(m);
            return m;
        });
    }

    /** The TaskMaster project dbwarden syncs with (tasks.directory under the project root). */
    public TaskmasterProject taskmaster() {
        return new TaskmasterProject(config.projectRoot(), config.tasks());
    }

    /** Findings to TaskMaster tasks and back. */
    public TaskSync taskSync() {
        return new TaskSync(findings(), taskmaster(), config.tasks());
    }

    /** Task context over a connection's live catalog, its generated code and its findings. */
    public TaskContext taskContext(String connectionName) {
        Services s = forConnection(connectionName);
        return new TaskContext(taskmaster(), s.catalog().current(), codegen(connectionName),
                io.dbwarden.codegen.CodegenOptions.from(config), findings(), s.database().name());
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing everything; one failure must not keep the rest open
            }
        }
        services.values().forEach(s -> s.database().close());
        services.clear();
        if (state != null) state.close();
    }
}

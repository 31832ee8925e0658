package io.dbwarden.monitor;

import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogCache;
import io.dbwarden.catalog.CatalogJson;
import io.dbwarden.catalog.SchemaChange;
import io.dbwarden.catalog.SchemaDiff;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import io.dbwarden.config.Redactor;
import io.dbwarden.db.Database;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.findings.Transition;
import io.dbwarden.state.StateStore;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Watches one database's schema. Each check reads the catalog, records a snapshot and the typed changes since the
 * previous one, and reconciles findings for every difference between the expected schema (a committed snapshot, or
 * the accepted baseline) and the live one. In the background it LISTENs to the event-trigger capture and replays
 * missed events after any disconnect; where capture is not installed it polls a cheap catalog fingerprint.
 */
public final class SchemaMonitor implements AutoCloseable {
    public static final String SCOPE = "schema-monitor";
    public static final String BASELINE_LABEL = "baseline";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMonitor.class);

    /** What one check saw. {@code changes} are since the previous snapshot; findings are against the baseline. */
    public record CheckResult(String connection, String capture, long snapshotId, String baseline, List<DdlEvent> events,
                              List<SchemaChange> changes, List<Finding> findings, List<Transition> transitions) {
    }

    private final String connection;
    private final Database db;
    private final CatalogCache catalog;
    private final StateStore state;
    private final FindingStore findings;
    private final Config.Monitor settings;
    private final Path projectRoot;
    private final MonitorState memory;
    private final DriftCheck drift;
    private volatile String sourceStamp = "";
    /** The newest snapshot and the expected schema, kept in memory: parsing them from the store costs more than a check. */
    private Catalog lastSnapshot;
    private long lastSnapshotId = -1;
    private Baseline baselineCache;
    private String baselineStamp;
    private final List<Consumer<CheckResult>> listeners = new CopyOnWriteArrayList<>();
    private volatile String capture = "not started";
    private volatile boolean running;
    private Thread worker;

    public SchemaMonitor(String connection, Database db, CatalogCache catalog, StateStore state, FindingStore findings,
                         Config.Monitor settings, Path projectRoot) {
        this.connection = connection;
        this.db = db;
        this.catalog = catalog;
        this.state = state;
        this.findings = findings;
        this.settings = settings;
        this.projectRoot = projectRoot;
        this.memory = new MonitorState(state, connection);
        this.drift = new DriftCheck(settings, projectRoot);
    }

    public void addListener(Consumer<CheckResult> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<CheckResult> listener) {
        listeners.remove(listener);
    }

    /** event-trigger, polling, or why neither runs. */
    public String captureMode() {
        return capture;
    }

    /** A complete check of the given tables (empty: the configured ones, or all). */
    public CheckResult check(Collection<String> tables) {
        return check(tables, false);
    }

    private record Read(Catalog catalog, List<DdlEvent> events, Set<String> extensionMembers) {
    }

    /**
     * With events, the DDL events after the cursor are read in the same snapshot as the catalog, so a result's events
     * are exactly the ones whose changes it reports.
     */
    private synchronized CheckResult check(Collection<String> tables, boolean withEvents) {
        Read read = withEvents
                ? db.readOnly(c -> new Read(catalog.current(c), ChangeCapture.eventsAfter(c, memory.cursor()), DriftCheck.extensionMembers(c)))
                : new Read(catalog.current(), List.of(), db.readOnly(DriftCheck::extensionMembers));
        Catalog live = read.catalog();
        List<DdlEvent> events = read.events();
        // Another dbwarden process (a CLI run beside the server) may have stored a newer snapshot.
        if (lastSnapshot == null || state.latestSnapshotId(connection) != lastSnapshotId) {
            lastSnapshot = null;
            state.latestSnapshot(connection, null).ifPresent(p -> {
                lastSnapshot = p.catalog();
                lastSnapshotId = p.info().id();
            });
        }
        boolean first = lastSnapshot == null;
        List<SchemaChange> changes = first ? List.of() : SchemaDiff.diff(lastSnapshot, live);
        long snapshotId = !first && changes.isEmpty() ? lastSnapshotId
                : state.saveSnapshot(connection, live, first ? BASELINE_LABEL : null).id();
        lastSnapshot = live;
        lastSnapshotId = snapshotId;
        memory.recordChanges(snapshotId, changes);

        Baseline baseline = baseline(live);
        TableScope scope = TableScope.of(tables.isEmpty() ? settings.tables() : tables);
        List<Finding> produced = new ArrayList<>(SchemaChangeFindings.of(SchemaDiff.diff(baseline.catalog(), live), scope,
                baseline.description()));
        List<Transition> transitions = new ArrayList<>(findings.reconcile(connection, SCOPE,
                stored -> scope.coversSubject(stored.finding().subject()), produced));
        sourceStamp = drift.sourceStamp();
        List<Finding> driftFindings = drift.run(live, baseline.catalog(), read.extensionMembers()).findings().stream()
                .filter(f -> scope.coversSubject(f.subject())).toList();
        transitions.addAll(findings.reconcile(connection, DriftCheck.SCOPE, stored -> scope.coversSubject(stored.finding().subject()),
                driftFindings));
        produced.addAll(driftFindings);
        // The cursor moves only after the check is stored: a crash in between replays the events, never skips them.
        if (!events.isEmpty()) memory.advance(events, events.get(events.size() - 1).id());
        CheckResult result = new CheckResult(connection, capture, snapshotId, baseline.description(), events, changes, produced,
                transitions);
        for (Consumer<CheckResult> l : listeners) {
            try {
                l.accept(result);
            } catch (RuntimeException e) {
                LOG.warn("A schema monitor listener failed: {}", Redactor.redact(e.getMessage()));
            }
        }
        return result;
    }

    /** Makes the live schema the expected one: later checks compare against it. */
    public CheckResult accept() {
        if (settings.expectedSnapshot() != null) {
            throw new ConfigException("The expected schema is the committed snapshot " + settings.expectedSnapshot()
                    + "; update it with: dbwarden snapshot --out " + settings.expectedSnapshot());
        }
        state.saveSnapshot(connection, catalog.current(), BASELINE_LABEL);
        synchronized (this) {
            baselineCache = null;
        }
        return check(List.of());
    }

    public List<java.util.Map<String, Object>> history(int limit) {
        return memory.history(limit);
    }

    private record Baseline(Catalog catalog, String description) {
    }

    private Baseline baseline(Catalog live) {
        String stamp = settings.expectedSnapshot() == null ? "store" : expectedSnapshotStamp();
        if (baselineCache != null && stamp.equals(baselineStamp)) return baselineCache;
        Baseline b = readBaseline(live);
        // "the current schema" stands in only until the first baseline is stored; never cache it.
        if (!b.description().equals(CURRENT)) {
            baselineCache = b;
            baselineStamp = stamp;
        }
        return b;
    }

    private static final String CURRENT = "the current schema";

    private String expectedSnapshotStamp() {
        try {
            return String.valueOf(Files.getLastModifiedTime(projectRoot.resolve(settings.expectedSnapshot())).toMillis());
        } catch (IOException e) {
            return "missing";
        }
    }

    private Baseline readBaseline(Catalog live) {
        if (settings.expectedSnapshot() != null) {
            Path file = projectRoot.resolve(settings.expectedSnapshot()).normalize();
            try {
                return new Baseline(CatalogJson.read(Files.readString(file)), "the committed snapshot " + settings.expectedSnapshot());
            } catch (IOException e) {
                throw new ConfigException("Cannot read the expected snapshot " + settings.expectedSnapshot() + " (monitor.expected_snapshot): "
                        + e.getMessage() + ". Create it with: dbwarden snapshot --out " + settings.expectedSnapshot());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(settings.expectedSnapshot() + ": " + e.getMessage());
            }
        }
        return state.latestSnapshot(connection, BASELINE_LABEL)
                .map(s -> new Baseline(s.catalog(), "the baseline accepted at " + s.info().takenAt()))
                .orElse(new Baseline(live, CURRENT));
    }

    /** Starts following changes in the background until {@link #close()}. */
    public synchronized void start() {
        if (running) return;
        running = true;
        worker = new Thread(this::follow, "dbwarden-monitor-" + connection);
        worker.setDaemon(true);
        worker.start();
    }

    private void follow() {
        long backoffMs = 500;
        boolean saidPolling = false;
        String lastProblem = null;
        while (running) {
            try (Connection c = db.openDedicated("monitor")) {
                c.setAutoCommit(true);
                if (ChangeCapture.ready(c)) {
                    capture = "event-trigger";
                    listen(c);
                } else {
                    if (!saidPolling) {
                        LOG.warn("Schema monitor for '{}': event-trigger capture is not installed or not readable by this role, so it polls "
                                + "the catalog every {} ms instead. Run 'dbwarden install --apply' as a role that may create event triggers "
                                + "for real-time, durable capture.", connection, settings.pollIntervalMs());
                        saidPolling = true;
                    }
                    capture = "polling";
                    poll(c);
                }
                backoffMs = 500;
            } catch (SQLException | RuntimeException e) {
                if (!running) return;
                String problem = Redactor.redact(e.getMessage());
                if (!problem.equals(lastProblem)) LOG.warn("Schema monitor for '{}' lost the database: {}. Retrying.", connection, problem);
                lastProblem = problem;
                capture = "reconnecting";
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /** Event-trigger mode: replay what was missed, then wake on NOTIFY. Idle, it sends no queries at all. */
    private void listen(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + ChangeCapture.CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        catalog.invalidate();
        replay();
        catalog.trustNotifications(true);
        try {
            while (running) {
                PGNotification[] batch = pg.getNotifications(settings.pollIntervalMs());
                if (batch == null || batch.length == 0) {
                    if (c.isClosed()) throw new SQLException("connection closed", "08006");
                    recheckIfCodeChanged();
                    continue;
                }
                catalog.invalidate();
                // A migration fires many notifications at once; take the burst as one check.
                pg.getNotifications(20);
                replay();
            }
        } finally {
            // Without the LISTEN, notifications may be missed: back to checking the fingerprint on every read.
            catalog.trustNotifications(false);
        }
    }

    /** Checks until no event after the cursor is left; events come in batches of {@link ChangeCapture#BATCH}. */
    private void replay() {
        CheckResult r;
        do {
            r = check(List.of(), true);
        } while (r.events().size() >= ChangeCapture.BATCH);
    }

    /** Polling mode: one cheap fingerprint query per interval; a full check only when it changes. */
    private void poll(Connection c) throws SQLException {
        String last = CatalogCache.fingerprint(c);
        check(List.of());
        while (running) {
            sleep(settings.pollIntervalMs());
            if (!running) return;
            String now = CatalogCache.fingerprint(c);
            if (!now.equals(last)) {
                last = now;
                check(List.of());
            } else {
                recheckIfCodeChanged();
            }
        }
    }

    /** Drift findings resolve when the code is fixed too: a changed source tree gets a check (no database query). */
    private void recheckIfCodeChanged() {
        if (!drift.sourceStamp().equals(sourceStamp)) check(List.of());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        catalog.trustNotifications(false);
        running = false;
        Thread w = worker;
        if (w != null) w.interrupt();
    }

    /** Which tables a check covers: names may be qualified (public.users) or not (users). */
    record TableScope(Set<String> names) {
        static TableScope of(Collection<String> tables) {
            return new TableScope(Set.copyOf(tables));
        }

        boolean all() {
            return names.isEmpty();
        }

        boolean covers(String schema, String table) {
            return all() || names.contains(table) || names.contains(schema + "." + table);
        }

        /** Subjects look like schema.table, schema.table.column or "name on schema.table". */
        boolean coversSubject(String subject) {
            if (all()) return true;
            String s = subject.contains(" on ") ? subject.substring(subject.indexOf(" on ") + 4) : subject;
            String[] parts = s.split("\\.");
            return parts.length >= 2 && covers(parts[0], parts[1]);
        }
    }
}

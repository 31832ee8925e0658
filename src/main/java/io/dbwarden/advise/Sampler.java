package io.dbwarden.advise;

import io.dbwarden.config.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Takes the health (size, connections) and access-watch samples of each configured database on a schedule while
 * dbwarden serves (advisors.sample_interval_minutes), so growth trends and unusual access are watched even when no
 * one calls check_health. It runs on one daemon thread; a failing database is logged once, until it recovers, and
 * never stops the schedule or the server.
 */
public final class Sampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final List<String> connections;
    private final Function<String, Health> health;
    private final ScheduledExecutorService executor;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    private Sampler(List<String> connections, Function<String, Health> health) {
        this.connections = List.copyOf(connections);
        this.health = health;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dbwarden-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling the named connections now and then every interval. */
    public static Sampler start(List<String> connections, Function<String, Health> health, Duration interval) {
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("The sample interval must be positive.");
        Sampler s = new Sampler(connections, health);
        s.executor.scheduleWithFixedDelay(s::sampleAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** One round over every connection; each is sampled on its own so one unreachable database does not stop the rest. */
    void sampleAll() {
        for (String name : connections) {
            try {
                health.apply(name).sample();
                if (failing.remove(name)) LOG.info("Sampling {} works again.", name);
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vm) throw vm;
                if (failing.add(name)) {
                    LOG.warn("Sampling {} failed (growth and access samples are missing until it works; reported once): {}", name,
                            Redactor.redact(String.valueOf(e.getMessage())));
                }
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

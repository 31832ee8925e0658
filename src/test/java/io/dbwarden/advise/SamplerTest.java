package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.mcp.HttpTransportServer;
import io.dbwarden.mcp.McpServerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The background sampler: a serving dbwarden records growth and access samples with no tool call at all. */
class SamplerTest {
    @Test
    void aRunningServerRecordsSamplesWithoutAnyToolCall(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("sampler");
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                advisors:
                  sample_interval_minutes: 1
                  health:
                    growth_sample_minutes: 0
                """);
        Config config = TestDatabase.config(url, dir).withHttp(new Config.Http("127.0.0.1", 0, null, List.of(), 1_048_576));
        try (Warden warden = new Warden(config); HttpTransportServer http = HttpTransportServer.start(new McpServerFactory(warden), config.http())) {
            String db = warden.forConnection(null).database().name();
            assertThat(waitFor(() -> count(warden, "health_sample", db))).as("health samples").isPositive();
            assertThat(waitFor(() -> count(warden, "access_seen", db))).as("roles and addresses seen").isPositive();
            assertThat(count(warden, "tool_call", null)).as("no tool was called").isZero();
        }
    }

    @Test
    void zeroSwitchesSamplingOff(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  sample_interval_minutes: 0\n");
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.freshDatabase("sampler_off"), dir))) {
            assertThat(warden.startSampler()).isNull();
        }
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.freshDatabase("sampler_on"), dir.resolve("defaults")))) {
            assertThat(warden.config().advisors().sampleIntervalMinutes()).isEqualTo(5);
            assertThat(warden.startSampler()).isNotNull().isSameAs(warden.startSampler());
        }
    }

    @Test
    void keepsSamplingWhileAnotherDatabaseFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  health:\n    growth_sample_minutes: 0\n");
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.freshDatabase("sampler_many"), dir))) {
            String db = warden.forConnection(null).database().name();
            // "missing" is not a configured connection: every round fails on it, and must not stop the schedule
            try (Sampler ignored = Sampler.start(List.of("missing", Config.DEFAULT_CONNECTION), warden::health, Duration.ofMillis(50))) {
                assertThat(waitFor(() -> count(warden, "health_sample", db) >= 3 ? 3 : 0)).isEqualTo(3);
            }
        }
    }

    /** Polls until the value is positive, for at most a minute and a half (the server samples on start). */
    private static long waitFor(LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long v = value.getAsLong();
        while (v <= 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            v = value.getAsLong();
        }
        return v;
    }

    private static long count(Warden warden, String table, String connection) {
        return warden.state().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from " + table + (connection == null ? "" : " where connection = ?"))) {
                if (connection != null) ps.setString(1, connection);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}

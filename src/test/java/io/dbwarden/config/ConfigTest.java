package io.dbwarden.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheUrlFormsUsersPaste() {
        ConnectionUrl u = ConnectionUrl.parse("postgresql://postgres.abc:p%40ss%3Aword@aws-0-eu.pooler.supabase.com:6543/postgres?sslmode=require");
        assertThat(u.host()).isEqualTo("aws-0-eu.pooler.supabase.com");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.user()).isEqualTo("postgres.abc");
        assertThat(u.password()).isEqualTo("p@ss:word");
        assertThat(u.parameters()).containsEntry("sslmode", "require");
        assertThat(u.display()).doesNotContain("p@ss");
        assertThat(ConnectionUrl.parse(u.toUrlString())).isEqualTo(u);
        assertThat(ConnectionUrl.parse("jdbc:postgresql://[::1]:5433/db").host()).isEqualTo("[::1]");
        assertThat(ConnectionUrl.parse("postgres://h/db").port()).isEqualTo(5432);
        assertThatThrownBy(() -> ConnectionUrl.parse("mysql://h/db")).hasMessageContaining("postgres://");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgres://h:99999/db")).hasMessageContaining("port");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgres://u:secret@h:x/db")).hasMessageNotContaining("secret");
    }

    @Test
    void readsTheTaskmasterSettingsAndRefusesABadSeverity() throws Exception {
        Config defaults = new ConfigLoader(Map.of()).loadFrom(dir);
        assertThat(defaults.tasks()).isEqualTo(new Config.Tasks("medium", null, false, false, "."));
        assertThat(new ConfigLoader(Map.of("TASKMASTER_TAG", "feature-x")).loadFrom(dir).tasks().tag()).isEqualTo("feature-x");
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                tasks:
                  min_severity: high
                  tag: dbwarden
                  sync_after_check: true
                  create_missing: true
                  directory: app
                """);
        Config c = new ConfigLoader(Map.of("TASKMASTER_TAG", "feature-x")).loadFrom(dir);
        assertThat(c.tasks()).isEqualTo(new Config.Tasks("high", "dbwarden", true, true, "app"));
        Files.writeString(dir.resolve("dbwarden.yaml"), "tasks:\n  min_severity: urgent\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tasks.min_severity must be critical, high, medium, low or info");
    }

    @Test
    void readsTheSamplingAccessIndexBloatAndDiskKeys() throws Exception {
        Config.Advisors defaults = new ConfigLoader(Map.of()).loadFrom(dir).advisors();
        assertThat(defaults.sampleIntervalMinutes()).isEqualTo(5);
        assertThat(defaults.access()).isEqualTo(new Config.Access(3, 100, 20));
        assertThat(defaults.indexBloatMinPercent()).isEqualTo(30);
        assertThat(defaults.indexBloatMinMb()).isEqualTo(10);
        assertThat(defaults.health().diskSizeGb()).isZero();
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                advisors:
                  sample_interval_minutes: 0
                  index_bloat_min_percent: 50
                  index_bloat_min_mb: 1
                  access: {spike_factor: 5, spike_min_calls: 20, permission_failures_min: 7}
                  health: {disk_size_gb: 8}
                """);
        Config.Advisors a = new ConfigLoader(Map.of("DBWARDEN_ACCESS_SPIKE_MIN_CALLS", "40")).loadFrom(dir).advisors();
        assertThat(a.sampleIntervalMinutes()).isZero();
        assertThat(a.access()).isEqualTo(new Config.Access(5, 40, 7));
        assertThat(a.indexBloatMinPercent()).isEqualTo(50);
        assertThat(a.indexBloatMinMb()).isEqualTo(1);
        assertThat(a.health().diskSizeGb()).isEqualTo(8);
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  access: {spike_factor: 0}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spike_factor must be a whole number from 1 to 1000");
        Files.writeString(dir.resolve("dbwarden.yaml"), "advisors:\n  access: {spike_treshold: 2}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).hasMessageContaining("unknown key 'advisors.access.spike_treshold'");
    }

    @Test
    void redactsPasswordsEverywhere() {
        assertThat(Redactor.redact("failed for postgres://bob:hunter2@db:5432/x"))
                .isEqualTo("failed for postgres://bob:***@db:5432/x");
        assertThat(Redactor.redact("password=hunter2 user=bob")).doesNotContain("hunter2");
        assertThat(Redactor.redact("the server said hunter2", "hunter2")).doesNotContain("hunter2");
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                connections:
                  default:
                    url: postgres://app@db.internal:5432/app
                    description: production
                  analytics: postgres://ro@warehouse/stats
                profile: standard
                limits:
                  max_rows: 50
                http:
                  port: 9000
                """);
        Config c = new ConfigLoader(Map.of("DATABASE_URL", "postgres://me@localhost/dev", "DBWARDEN_MAX_ROWS", "20")).loadFrom(dir);
        assertThat(c.connection("default").url()).isEqualTo("postgres://me@localhost/dev");
        assertThat(c.connection("default").description()).isEqualTo("production");
        assertThat(c.connection("analytics").url()).isEqualTo("postgres://ro@warehouse/stats");
        assertThat(c.limits().maxRows()).isEqualTo(20);
        assertThat(c.http().port()).isEqualTo(9000);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.profile()).isEqualTo("standard");
        assertThat(c.allowWrites()).isFalse();
    }

    @Test
    void secretsCanComeFromTheEnvironment() throws Exception {
        Files.writeString(dir.resolve("dbwarden.yaml"), "connections:\n  default:\n    url: postgres://app:${DB_PASSWORD}@db/app\n");
        Config c = new ConfigLoader(Map.of("DB_PASSWORD", "s3cret")).loadFrom(dir);
        assertThat(c.connection("default").parsed().password()).isEqualTo("s3cret");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).hasMessageContaining("DB_PASSWORD");
    }

    @Test
    void badFilesGetOneClearMessage() throws Exception {
        Files.writeString(dir.resolve("dbwarden.yaml"), "allow_writes: true\nlimits:\n  max_rowz: 5\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max_rowz").hasMessageContaining("max_rows");
        Files.writeString(dir.resolve("dbwarden.yaml"), "connections: [\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("YAML");
        Files.writeString(dir.resolve("dbwarden.yaml"), "allow_writes: maybe\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).hasMessageContaining("true or false");
        Files.writeString(dir.resolve("dbwarden.yaml"), "profile: everything\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFrom(dir)).hasMessageContaining("core, standard or all");
    }

    @Test
    void aMissingConnectionSaysHowToConfigureOne() {
        Config c = new ConfigLoader(Map.of()).loadFrom(dir);
        assertThatThrownBy(() -> c.connection(null)).hasMessageContaining("DATABASE_URL");
        Config d = new ConfigLoader(Map.of("DATABASE_URL", "postgres://a@b/c")).loadFrom(dir);
        assertThatThrownBy(() -> d.connection("prod")).hasMessageContaining("default");
    }
}

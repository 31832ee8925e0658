package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.ConfigException;
import io.dbwarden.findings.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** check_integrity on real rows: each kind of check with a violating case and a clean (or tricky) one. */
class IntegrityTest {
    @Test
    void findsViolatingRowsReadOnly(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("integrity");
        TestDatabase.exec(url,
                "create table customers (id bigint primary key, email text, status text, age int, created_at timestamptz default now())",
                "insert into customers values (1, 'a@x', 'active', 30), (2, null, 'gone', -4), (3, 'a@x', 'active', 200), (4, 'd@x', null, null)",
                "create table orders (id bigint primary key, customer_id bigint, total numeric)",
                "insert into orders values (1, 1, 10), (2, 99, 5), (3, null, 7)",
                // an implied relationship that holds: every crew_id has its crew
                "create table crews (id int primary key)", "insert into crews values (1)",
                "create table shifts (id int primary key, crew_id int)", "insert into shifts values (1, 1), (2, null)",
                // a NOT VALID check some old rows break, and one no row breaks
                "alter table customers add constraint customers_age_positive check (age > 0) not valid",
                "alter table customers add constraint customers_id_small check (id < 100) not valid",
                "create table events (id int primary key, at timestamptz)", "insert into events values (1, now() - interval '3 days')");
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                integrity:
                  checks:
                    - {name: email present, type: not_null, table: customers, column: email}
                    - {name: email unique, type: unique, table: customers, column: email, severity: high}
                    - {name: known status, type: accepted_values, table: customers, column: status, values: [active, paused]}
                    - {name: sane age, type: range, table: customers, column: age, min: 0, max: 150}
                    - {name: shift crew, type: referential, table: shifts, column: crew_id, references: crews.id}
                    - {name: events fresh, type: freshness, table: events, column: at, max_age: 24h}
                    - {name: no free orders, type: custom, sql: "select id from orders where total < 6;"}
                    - {name: broken, type: custom, sql: "select * from no_such_table"}
                """);
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            Integrity.Report r = warden.integrity(null).check();
            Map<String, Integrity.Result> by = r.results().stream().collect(Collectors.toMap(Integrity.Result::check, Function.identity()));
            assertThat(by.get("customers_age_positive").violations()).isEqualTo(1);
            assertThat(by.get("customers_age_positive").examples().get(0)).containsEntry("id", "2");
            assertThat(by.get("customers_id_small").status()).isEqualTo("passed");
            assertThat(by.get("orphans public.orders.customer_id").violations()).isEqualTo(1);
            assertThat(by.get("orphans public.orders.customer_id").examples().get(0)).containsEntry("customer_id", "99");
            assertThat(by.get("orphans public.shifts.crew_id").status()).isEqualTo("passed");
            assertThat(by.get("email present").violations()).isEqualTo(1);
            assertThat(by.get("email unique").violations()).isEqualTo(1);
            assertThat(by.get("known status").violations()).isEqualTo(1); // 'gone'; the NULL is not_null's business
            assertThat(by.get("sane age").violations()).isEqualTo(2);
            assertThat(by.get("shift crew").status()).isEqualTo("passed");
            assertThat(by.get("events fresh").status()).isEqualTo("failed");
            assertThat(by.get("no free orders").violations()).isEqualTo(1);
            assertThat(by.get("broken").status()).isEqualTo("error");
            assertThat(by.get("broken").message()).contains("no_such_table");
            assertThat(r.findings()).extracting(Finding::ruleId).contains("constraint-violations", "orphaned-rows", "data-check-failed");
            assertThat(r.findings()).filteredOn(f -> f.evidence().path("check").asText().equals("email unique"))
                    .extracting(Finding::severity).containsExactly(Finding.Severity.HIGH);
        }
        // read-only: nothing was changed
        try (var c = TestDatabase.connect(url); var rs = c.createStatement().executeQuery("select count(*) from orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void hugeTablesAreSampled(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("integrity_sample");
        TestDatabase.exec(url, "create table big (id int primary key, v int)",
                "insert into big select g, case when g % 2 = 0 then null else g end from generate_series(1, 20000) g", "analyze big");
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                integrity:
                  sample_rows_above: 1000
                  sample_percent: 10
                  checks:
                    - {type: not_null, table: big, column: v}
                """);
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            Integrity.Result r = warden.integrity(null).check().results().get(0);
            assertThat(r.sampled()).isTrue();
            assertThat(r.violations()).isBetween(1L, 9_999L);
        }
    }

    @Test
    void badDeclarationsAreOneClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dbwarden.yaml"), "integrity:\n  checks:\n    - {type: range, table: t, column: c}\n");
        assertThatThrownBy(() -> TestDatabase.config(TestDatabase.serverUrl(), dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs min, max or both");
        Files.writeString(dir.resolve("dbwarden.yaml"), "integrity:\n  checks:\n    - {type: sometimes, table: t}\n");
        assertThatThrownBy(() -> TestDatabase.config(TestDatabase.serverUrl(), dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("type must be one of");
    }
}

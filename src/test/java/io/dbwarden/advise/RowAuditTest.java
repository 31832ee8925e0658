package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowAuditTest {
    @Test
    void recordsWhoChangedWhatUntilDisabled(@TempDir Path dir) {
        String url = TestDatabase.freshDatabase("row_audit");
        TestDatabase.exec(url, "create table \"Accounts\" (id int primary key, balance int)", "create view v as select 1 as x");
        try (Warden readOnly = new Warden(TestDatabase.config(url, dir))) {
            assertThatThrownBy(() -> new RowAudit(readOnly.forConnection(null).database()).enable("\"Accounts\"", 30))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("allow_writes");
            assertThat(new RowAudit(readOnly.forConnection(null).database()).changes(null, 10)).isEmpty();
        }
        try (Warden warden = new Warden(TestDatabase.config(url, dir).withAllowWrites(true))) {
            RowAudit audit = new RowAudit(warden.forConnection(null).database());
            assertThat(audit.enable("public.\"Accounts\"", 30)).isEqualTo("\"Accounts\"");
            assertThatThrownBy(() -> audit.enable("v", 30)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No table named v");
            assertThatThrownBy(() -> audit.enable("nope", 30)).isInstanceOf(IllegalArgumentException.class);
            TestDatabase.exec(url, "insert into \"Accounts\" values (1, 10)", "update \"Accounts\" set balance = 20 where id = 1",
                    "delete from \"Accounts\" where id = 1");
            List<AuditLog.Entry> changes = audit.changes(null, 10);
            assertThat(changes).extracting(AuditLog.Entry::action).containsExactly("DELETE", "UPDATE", "INSERT");
            assertThat(changes).allMatch(e -> e.subject().equals("public.Accounts") && e.actor() != null);
            AuditLog.Entry update = changes.get(1);
            assertThat(String.valueOf(update.details().get("old"))).contains("\"balance\": 10");
            assertThat(String.valueOf(update.details().get("new"))).contains("\"balance\": 20");
            audit.disable("\"Accounts\"");
            TestDatabase.exec(url, "insert into \"Accounts\" values (2, 5)");
            assertThat(audit.changes(null, 10)).hasSize(3);
        }
    }
}

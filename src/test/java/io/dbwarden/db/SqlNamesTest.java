package io.dbwarden.db;

import io.dbwarden.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SqlNames writes what the server's own quote_ident and quote_literal write, keywords and hostile names included. */
class SqlNamesTest {
    @Test
    void identAndLiteralAgreeWithTheServer() throws Exception {
        List<String> names = List.of("orders", "user", "time", "position", "left", "concurrently", "system_user", "Orders", "order items",
                "a\"b", "_x$1", "1st", "naïve", "select", "name", "text", "");
        List<String> literals = List.of("plain", "it's", "back\\slash", "both ' and \\", "new\nline", "");
        try (Connection c = TestDatabase.connect(TestDatabase.serverUrl()); Statement st = c.createStatement()) {
            for (String n : names) {
                try (ResultSet rs = st.executeQuery("select quote_ident(" + SqlNames.literal(n) + ")")) {
                    rs.next();
                    assertThat(SqlNames.ident(n)).as(n).isEqualTo(rs.getString(1));
                }
                // Whatever ident writes, the server reads back as the same name.
                if (!n.isEmpty()) {
                    try (ResultSet rs = st.executeQuery("select 1 as " + SqlNames.ident(n))) {
                        assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo(n);
                    }
                }
            }
            for (String l : literals) {
                try (ResultSet rs = st.executeQuery("select " + SqlNames.literal(l))) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(l);
                }
            }
        }
        assertThat(SqlNames.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(SqlNames.qualified("public", "order items")).isEqualTo("public.\"order items\"");
    }
}

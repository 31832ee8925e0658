package io.dbwarden.advise;

import io.dbwarden.db.SqlLexer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code :name} placeholders in a lint query. Placeholders are found with the SQL lexer, so a {@code :name} inside
 * a string, a comment or a {@code ::type} cast is never mistaken for one. Only names the caller binds count, so an array
 * slice such as {@code a[1:n]} stays as it is; a misspelt parameter fails as the syntax error the server reports.
 */
final class NamedSql {
    private NamedSql() {
    }

    static PreparedStatement prepare(Connection c, String sql, Map<String, Object> params) throws SQLException {
        List<SqlLexer.Token> tokens = SqlLexer.tokenizeWithTrivia(sql, true);
        StringBuilder text = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            if (t.isPunctuation(":") && i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlLexer.Kind.IDENTIFIER
                    && tokens.get(i + 1).start() == t.end() && params.containsKey(tokens.get(i + 1).value())) {
                String name = tokens.get(++i).value();
                names.add(name);
                text.append('?');
            } else {
                text.append(t.text());
            }
        }
        PreparedStatement ps = c.prepareStatement(text.toString());
        for (int i = 0; i < names.size(); i++) {
            Object v = params.get(names.get(i));
            if (v instanceof Collection<?> list) {
                ps.setArray(i + 1, c.createArrayOf("text", list.toArray()));
            } else if (v instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (v instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (v instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, v == null ? null : v.toString());
            }
        }
        return ps;
    }
}

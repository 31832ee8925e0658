package io.dbwarden.db;

import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.config.Redactor;

import java.sql.SQLException;

/**
 * Turns driver and server errors into one clear message that names what to check. Connection failures are the
 * errors users meet first, so each common cause gets its own advice; the password never appears.
 */
final class DbErrors {
    private DbErrors() {
    }

    static DatabaseException describe(SQLException e, ConnectionUrl url, int statementTimeoutMs) {
        SQLException root = e;
        while (root.getNextException() != null && root.getSQLState() == null) root = root.getNextException();
        String state = root.getSQLState() == null ? "" : root.getSQLState();
        String server = url.host() + ":" + url.port();
        String raw = firstLine(root.getMessage());
        String message = switch (state) {
            case "08001", "08004", "08006", "08003" -> connectionMessage(raw, url, server);
            case "28P01", "28000" -> "The database at " + server + " rejected the login for user '" + url.user()
                    + "'. Check the user name and password in the connection URL (DATABASE_URL or dbwarden.yaml), and pg_hba.conf.";
            case "3D000" -> "The database '" + url.database() + "' does not exist on " + server
                    + ". Check the database name at the end of the connection URL.";
            case "57014" -> "The statement ran longer than " + statementTimeoutMs + " ms and was cancelled. Narrow it (add a filter or LIMIT) "
                    + "or raise limits.statement_timeout_ms.";
            case "55P03" -> "The statement waited too long for a lock and gave up (lock_timeout). Something else holds the lock; try again later.";
            case "25006" -> "The database refused a write inside a read-only session: " + raw
                    + ". dbwarden runs read-only unless allow_writes is set in dbwarden.yaml.";
            case "42501" -> "Permission denied: " + raw + ". The connected role lacks the privilege; grant it or connect as another role.";
            case "57P01", "57P02", "57P03" -> "The database server at " + server + " is shutting down or starting up (" + raw
                    + "). Try again in a moment.";
            case "53300" -> "The database at " + server + " has no free connection slots (" + raw + "). Close idle sessions or raise max_connections.";
            default -> raw;
        };
        return new DatabaseException(Redactor.redact(message, url.password()), state, null);
    }

    private static String connectionMessage(String raw, ConnectionUrl url, String server) {
        String lower = raw == null ? "" : raw.toLowerCase();
        if (lower.contains("unknownhost") || lower.contains("unknown host") || lower.contains("name or service not known")) {
            return "Cannot resolve the database host '" + url.host() + "'. Check the host name in the connection URL.";
        }
        if (lower.contains("refused")) {
            return "Cannot reach the database at " + server + ": the connection was refused. Check that PostgreSQL is running "
                    + "and that the host and port in the connection URL are right.";
        }
        if (lower.contains("timed out") || lower.contains("timeout")) {
            return "Cannot reach the database at " + server + ": the connection timed out. Check the host, the port and any firewall.";
        }
        return "Cannot connect to the database at " + server + " (" + raw + "). Check that the server is up and the URL is right.";
    }

    /**
     * True when an established connection was lost (server restart, terminated backend), which a fresh connection
     * may cure. Failures to connect in the first place (08001, 08004) are not: retrying them only delays the message.
     */
    static boolean isConnectionLoss(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.equals("08003") || s.equals("08006") || s.equals("57P01") || s.equals("57P02"));
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown database error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

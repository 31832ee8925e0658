package io.dbwarden.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL connection address parsed from the forms users paste: {@code postgres://user:pass@host:port/db?…},
 * {@code postgresql://…} or {@code jdbc:postgresql://…}. It keeps the password apart so that nothing that prints
 * the address can leak it.
 */
public record ConnectionUrl(String host, int port, String database, String user, String password,
                            Map<String, String> parameters) {

    public static ConnectionUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException("The database URL is empty. Pass --db postgres://user@host:5432/dbname or set DATABASE_URL.");
        }
        String s = text.trim();
        if (s.startsWith("jdbc:")) s = s.substring(5);
        String rest;
        if (s.startsWith("postgres://")) rest = s.substring("postgres://".length());
        else if (s.startsWith("postgresql://")) rest = s.substring("postgresql://".length());
        else throw new ConfigException("The database URL must start with postgres:// or postgresql:// (got '"
                + Redactor.redactUrl(s) + "').");
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) { query = rest.substring(q + 1); rest = rest.substring(0, q); }
        String user = null, password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String cred = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = cred.indexOf(':');
            user = decode(colon >= 0 ? cred.substring(0, colon) : cred);
            password = colon >= 0 ? decode(cred.substring(colon + 1)) : null;
        }
        String database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) { database = decode(rest.substring(slash + 1)); rest = rest.substring(0, slash); }
        String host = rest;
        int port = 5432;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) throw new ConfigException("The database URL has an unclosed IPv6 address '[' in its host.");
            String after = host.substring(end + 1);
            host = host.substring(0, end + 1);
            if (after.startsWith(":")) port = parsePort(after.substring(1));
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) { port = parsePort(host.substring(colon + 1)); host = host.substring(0, colon); }
        }
        if (host.isEmpty()) host = "localhost";
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
            String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
            if (k.equals("user")) user = v;
            else if (k.equals("password")) password = v;
            else params.put(k, v);
        }
        if (database == null || database.isEmpty()) database = user != null ? user : "postgres";
        return new ConnectionUrl(host, port, database, user, password, Map.copyOf(params));
    }

    private static int parsePort(String p) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("The database URL has an invalid port '" + p + "'. Use a number from 1 to 65535.");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("The database URL has a malformed %-escape. Percent-encode special characters in the user and password.");
        }
    }

    /** The JDBC URL without credentials; they travel as connection properties. */
    public String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
        return b.toString();
    }

    /**
     * The driver properties for this address: user, password and the URL's parameters (sslmode …), plus the
     * application_name every session of dbwarden's shows in pg_stat_activity.
     */
    public java.util.Properties driverProperties(String applicationName) {
        java.util.Properties p = new java.util.Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        parameters.forEach(p::setProperty);
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    /** host:port/database, the form every message uses: it never carries the password. */
    public String display() {
        return (user != null ? user + "@" : "") + host + ":" + port + "/" + database;
    }

    public ConnectionUrl withDatabase(String db) {
        return new ConnectionUrl(host, port, db, user, password, parameters);
    }

    /** The postgres:// form, with the password: for handing to a driver or a child process, never for printing. */
    public String toUrlString() {
        StringBuilder b = new StringBuilder("postgres://");
        if (user != null) {
            b.append(encode(user));
            if (password != null) b.append(':').append(encode(password));
            b.append('@');
        }
        b.append(host).append(':').append(port).append('/').append(encode(database));
        if (!parameters.isEmpty()) {
            b.append('?');
            parameters.forEach((k, v) -> b.append(encode(k)).append('=').append(encode(v)).append('&'));
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return display();
    }
}

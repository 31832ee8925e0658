package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.db.SqlNames;
import io.dbwarden.monitor.ChangeCapture;
import io.dbwarden.db.SqlResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code dbwarden install}: prints (or, with --apply and writes enabled, runs) the SQL for dbwarden's durable change
 * capture, or with --read-only-role the SQL for its dedicated read-only role; --check reports whether an existing
 * role could escape read-only.
 */
@Command(name = "install", description = "Print or apply the change-capture SQL (event triggers); --read-only-role for the "
        + "read-only role; --check audits a role.")
final class InstallCommand implements Callable<Integer> {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @Mixin
    CommonOptions common;
    @Option(names = "--role", defaultValue = "dbwarden_ro", description = "Role name (default: dbwarden_ro).")
    String role;
    @Option(names = "--apply", description = "Run the SQL (needs allow_writes; the role also needs DBWARDEN_RO_PASSWORD).")
    boolean apply;
    @Option(names = "--read-only-role", description = "The SQL for the dedicated read-only role instead of change capture.")
    boolean readOnlyRole;
    @Option(names = "--check", description = "Check an existing role for ways out of read-only.")
    boolean check;

    @Override
    public Integer call() {
        if (!IDENTIFIER.matcher(role).matches()) {
            throw new IllegalArgumentException("--role must be a lower-case SQL identifier (letters, digits, _), got '" + role + "'.");
        }
        try (Warden warden = new Warden(common.config())) {
            var services = warden.forConnection(null);
            if (check) return check(services);
            if (!readOnlyRole) return capture(warden, services);
            Catalog catalog = services.catalog().current();
            String script = script(catalog);
            if (!apply) {
                System.out.println(script);
                return 0;
            }
            String password = System.getenv("DBWARDEN_RO_PASSWORD");
            if (password == null || password.length() < 12) {
                throw new IllegalArgumentException("--apply needs the new role's password in DBWARDEN_RO_PASSWORD (12 characters or more).");
            }
            services.database().write(c -> {
                try (var st = c.createStatement()) {
                    st.execute(script.replace(":'ro_password'", SqlNames.literal(password)));
                }
                return null;
            });
            System.out.println("Created role " + role + ". Point connections.default.read_only_url at it.");
            return 0;
        }
    }

    private int capture(Warden warden, Warden.Services services) {
        var connection = warden.config().connection(null);
        String reader = connection.readOnlyUrl() == null ? null : ConnectionUrl.parse(connection.readOnlyUrl()).user();
        if (!apply) {
            System.out.println(ChangeCapture.installSql(reader));
            return 0;
        }
        ChangeCapture.install(services.database(), reader);
        System.out.println("Installed change capture in " + services.database().url().database()
                + ": DDL is recorded in dbwarden.ddl_event and announced on the dbwarden_ddl channel.");
        return 0;
    }

    String script(Catalog catalog) {
        StringBuilder b = new StringBuilder(SqlResource.load(io.dbwarden.db.Database.class, "read_only_role.sql")
                .replace("{{role}}", role).replace("{{database}}", SqlNames.quote(catalog.database())));
        for (Catalog.Schema s : catalog.schemas()) {
            b.append('\n').append(SqlResource.load(io.dbwarden.db.Database.class, "read_only_role_schema.sql")
                    .replace("{{role}}", role).replace("{{schema}}", SqlNames.quote(s.name())));
        }
        return b.toString().strip();
    }

    private int check(io.dbwarden.Warden.Services services) {
        List<String> problems = services.database().readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(io.dbwarden.db.Database.class, "role_check.sql"))) {
                ps.setString(1, role);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    if (!rs.next()) {
                        out.add("role " + role + " does not exist; run dbwarden install to see the SQL that creates it");
                        return out;
                    }
                    if (rs.getBoolean("rolsuper")) out.add("is a superuser: it can do anything, read-only or not");
                    if (rs.getBoolean("rolbypassrls")) out.add("bypasses row-level security");
                    if (rs.getBoolean("rolcreaterole")) out.add("can create roles");
                    if (rs.getBoolean("rolcreatedb")) out.add("can create databases");
                    List<String> risky = strings(rs.getArray("risky_memberships"));
                    if (!risky.isEmpty()) out.add("is a member of " + String.join(", ", risky) + " (server file or program access)");
                    if (!rs.getBoolean("read_only_default")) out.add("does not have default_transaction_read_only = on");
                    List<String> dblink = strings(rs.getArray("dblink_functions"));
                    if (!dblink.isEmpty()) out.add("may execute dblink functions (" + String.join(", ", dblink) + ")");
                    return out;
                }
            }
        });
        if (common.json) {
            Render.json(System.out, java.util.Map.of("role", role, "safe", problems.isEmpty(), "problems", problems));
        } else if (problems.isEmpty()) {
            System.out.println("Role " + role + " is a sound read-only boundary.");
        } else {
            System.out.println("Role " + role + " is not a sound read-only boundary:");
            problems.forEach(p -> System.out.println("  - " + p));
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private static List<String> strings(Array a) throws java.sql.SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }
}

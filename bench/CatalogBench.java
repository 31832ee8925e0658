// Times io.dbwarden.catalog.CatalogReader in one JVM: the first (cold) read, a few untimed warm-ups, then timed reads.
// Run by bench/catalog.mjs as: java -cp target/dbwarden.jar bench/CatalogBench.java JDBC_URL USER [RUNS] [WARMUPS] [nojit]
// Prints one JSON object on stdout; each read runs in its own REPEATABLE READ, READ ONLY transaction, as dbwarden does.

import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogReader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

public class CatalogBench {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        // A control: on large catalogs the plan costs pass jit_above_cost and LLVM compilation can cost more than the
        // queries; "nojit" runs the same reads with the session's jit off, which must not be faster than without it.
        boolean noJit = args.length > 4 && args[4].equals("nojit");
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("ApplicationName", "dbwarden-bench");

        long c0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, p)) {
            double connectMs = (System.nanoTime() - c0) / 1e6;
            if (noJit) {
                try (Statement st = c.createStatement()) {
                    st.execute("set jit = off");
                }
            }
            CatalogReader reader = new CatalogReader();
            Catalog[] last = new Catalog[1];
            double first = timedRead(c, reader, last);
            for (int i = 0; i < warmups; i++) timedRead(c, reader, last);
            List<Double> timed = new ArrayList<>();
            for (int i = 0; i < runs; i++) timed.add(timedRead(c, reader, last));
            Catalog cat = last[0];
            long columns = cat.tables().stream().mapToLong(t -> t.columns().size()).sum();
            long indexes = cat.tables().stream().mapToLong(t -> t.indexes().size()).sum();
            long constraints = cat.tables().stream().mapToLong(t -> t.constraints().size()).sum();
            System.out.println("{\"connect_ms\":" + connectMs + ",\"jit\":\"" + (noJit ? "off" : "server default") + "\",\"first_ms\":" + first
                    + ",\"warmups\":" + warmups + ",\"timed_ms\":["
                    + timed.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]"
                    + ",\"tables\":" + cat.tables().size() + ",\"views\":" + cat.views().size()
                    + ",\"functions\":" + cat.functions().size() + ",\"enums\":" + cat.enums().size()
                    + ",\"columns\":" + columns + ",\"indexes\":" + indexes + ",\"constraints\":" + constraints
                    + ",\"java\":\"" + System.getProperty("java.vm.version") + "\"}");
        }
    }

    private static double timedRead(Connection c, CatalogReader reader, Catalog[] out) throws Exception {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        out[0] = reader.read(c);
        c.commit();
        return (System.nanoTime() - t0) / 1e6;
    }
}

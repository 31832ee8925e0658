package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.monitor.ChangeCapture;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A DDL change reaches an MCP client as a logging notification and as resources/updated for what it subscribed to. */
class MonitorNotificationsTest {
    @TempDir
    Path project;

    @Test
    void aSchemaChangeIsPushedToTheClient() throws Exception {
        String url = TestDatabase.freshDatabase("notify");
        TestDatabase.exec(url, "create table items (id int primary key)", "create table other (id int)");
        Config config = TestDatabase.config(url, project).withAllowWrites(true)
                .withHttp(new Config.Http("127.0.0.1", 0, null, List.of(), 1_048_576));
        try (Warden warden = new Warden(config)) {
            ChangeCapture.install(warden.forConnection(null).database(), null);
            try (HttpTransportServer http = HttpTransportServer.start(new McpServerFactory(warden), config.http())) {
                BlockingQueue<String> logs = new LinkedBlockingQueue<>();
                BlockingQueue<String> updated = new LinkedBlockingQueue<>();
                var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
                        .endpoint(HttpTransportServer.ENDPOINT).build();
                try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                        .loggingConsumer(m -> logs.add(m.data()))
                        .resourcesUpdateConsumer(contents -> contents.forEach(c -> updated.add(c.uri())))
                        .build()) {
                    client.initialize();
                    client.subscribeResource(new McpSchema.SubscribeRequest(SchemaResources.TABLE_PREFIX + "public.items"));
                    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("schema_monitor",
                            Map.of("alert_on_changes", true)));
                    assertThat(r.isError()).isFalse();
                    awaitCapture(warden);

                    TestDatabase.exec(url, "alter table items add column note text");
                    String log = poll(logs, "added column public.items.note");
                    assertThat(log).contains("\"event\":\"schema_change\"").contains("schema-changed");
                    assertThat(poll(updated, SchemaResources.TABLE_PREFIX + "public.items")).isNotNull();

                    // A table the client did not subscribe to changes: a log line, but no resource update for it.
                    TestDatabase.exec(url, "alter table other add column x int");
                    poll(logs, "added column public.other.x");
                    assertThat(updated).doesNotContain(SchemaResources.TABLE_PREFIX + "public.other");
                }
            }
        }
    }

    private static void awaitCapture(Warden warden) throws InterruptedException {
        for (int i = 0; i < 200 && !warden.monitor(null).captureMode().equals("event-trigger"); i++) Thread.sleep(50);
        assertThat(warden.monitor(null).captureMode()).isEqualTo("event-trigger");
    }

    private static String poll(BlockingQueue<String> queue, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            String s = queue.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && s.contains(wanted)) return s;
        }
        throw new AssertionError("nothing containing '" + wanted + "' arrived within 15 s");
    }
}

package io.dbwarden.findings;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSinkTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private String serve(int failuresFirst, long delayMs, List<String> bodies, AtomicInteger attempts) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            int n = attempts.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            if (n <= failuresFirst) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static Transition opened(Finding.Severity severity) {
        return new Transition(Transition.Kind.OPENED, "default", Finding.of("schema-changed", severity, Finding.Category.SCHEMA_DRIFT,
                "public.users.phone", "", "Column public.users.phone was dropped", null, null, null), Instant.now());
    }

    @Test
    void retriesWithBackoffAndPostsSlackCompatibleJson() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        try (WebhookSink sink = new WebhookSink(serve(2, 0, bodies, attempts), Finding.Severity.MEDIUM, 5, 20)) {
            sink.accept(List.of(opened(Finding.Severity.HIGH), opened(Finding.Severity.LOW)));
            for (int i = 0; i < 100 && bodies.isEmpty(); i++) Thread.sleep(50);
        }
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).contains("\"text\":\"[dbwarden] New high finding on default: Column public.users.phone was dropped\"")
                .contains("\"rule\":\"schema-changed\"");
    }

    @Test
    void aSlowEndpointNeverBlocksTheCheck() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        try (WebhookSink sink = new WebhookSink(serve(0, 3_000, bodies, attempts), Finding.Severity.INFO, 1, 10)) {
            long start = System.nanoTime();
            for (int i = 0; i < WebhookSink.QUEUE + 50; i++) sink.accept(List.of(opened(Finding.Severity.HIGH)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).as("accept() returned only after %d ms", ms).isLessThan(2_000);
            assertThat(sink.pending()).isLessThanOrEqualTo(WebhookSink.QUEUE);
        }
    }
}

package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Raw HTTP against the Streamable HTTP endpoint: auth, Origin, Host, size limits and malformed JSON-RPC. */
class HttpTransportSecurityTest {
    private static final String INIT = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
            "clientInfo":{"name":"test","version":"1"}}}""";
    private static final String TOKEN = "a-long-enough-test-token-0123456789";

    @TempDir
    static Path project;
    private static Warden warden;
    private static HttpTransportServer open;
    private static HttpTransportServer guarded;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Config base = TestDatabase.config(TestDatabase.demoUrl(), project);
        warden = new Warden(base);
        open = HttpTransportServer.start(new McpServerFactory(warden), new Config.Http("127.0.0.1", 0, null, List.of(), 4096));
        guarded = HttpTransportServer.start(new McpServerFactory(warden), new Config.Http("127.0.0.1", 0, TOKEN, List.of(), 4096));
    }

    @AfterAll
    static void stop() {
        open.close();
        guarded.close();
        warden.close();
    }

    @Test
    void refusesToBindBeyondLoopbackWithoutAToken() {
        assertThatThrownBy(() -> HttpTransportServer.start(new McpServerFactory(warden),
                new Config.Http("0.0.0.0", 0, null, List.of(), 4096)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bearer token");
        assertThatThrownBy(() -> HttpTransportServer.start(new McpServerFactory(warden),
                new Config.Http("0.0.0.0", 0, "short", List.of(), 4096)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("16 characters");
    }

    @Test
    void aValidInitializeSucceeds() throws Exception {
        HttpResponse<String> r = post(open, INIT, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("dbwarden");
    }

    @Test
    void theTokenIsRequiredWhenSet() throws Exception {
        assertThat(post(guarded, INIT, null, null).statusCode()).isEqualTo(401);
        assertThat(post(guarded, INIT, "Bearer wrong-token", null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = post(guarded, INIT, "Bearer " + TOKEN, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(post(guarded, INIT, null, null).body()).contains("bearer token").doesNotContain(TOKEN);
    }

    @Test
    void foreignOriginsAreRefused() throws Exception {
        HttpResponse<String> evil = post(open, INIT, null, "https://evil.example");
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.body()).contains("Origin");
        assertThat(post(open, INIT, null, "http://localhost:3000").statusCode()).isEqualTo(200);
    }

    @Test
    void aRebindingHostHeaderIsRefused() throws Exception {
        // java.net.http does not let a caller set Host, so this request goes through a raw socket.
        String raw = "POST /mcp HTTP/1.1\r\nHost: attacker.example\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + INIT.length() + "\r\nConnection: close\r\n\r\n" + INIT;
        try (var socket = new java.net.Socket("127.0.0.1", open.port())) {
            socket.getOutputStream().write(raw.getBytes());
            String response = new String(socket.getInputStream().readAllBytes());
            assertThat(response).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void oversizedBodiesAreRefused() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(10_000) + "\"}}";
        HttpResponse<String> r = post(open, big, null, null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(post(open, INIT, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonRpcGetsAnErrorAndTheServerStaysUp() throws Exception {
        for (String garbage : List.of("{not json", "[]", "{\"jsonrpc\":\"2.0\"}", "null", "\"text\"",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}")) {
            HttpResponse<String> r = post(open, garbage, null, null);
            assertThat(r.statusCode()).as(garbage).isBetween(400, 499);
        }
        assertThat(post(open, INIT, null, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(HttpTransportServer server, String body, String auth, String origin) throws Exception {
        HttpRequest.Builder b = request(server, body);
        if (auth != null) b.header("Authorization", auth);
        if (origin != null) b.header("Origin", origin);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(HttpTransportServer server, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + HttpTransportServer.ENDPOINT))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}

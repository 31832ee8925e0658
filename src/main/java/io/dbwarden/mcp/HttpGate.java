package io.dbwarden.mcp;

import io.dbwarden.config.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Everything an HTTP request must pass before it reaches the MCP endpoint: a body within the size limit, a Host
 * header that names this server (DNS-rebinding protection), an allowed Origin, the bearer token when one is set,
 * and a body that is a JSON-RPC message.
 * Each refusal is a JSON-RPC error body with an HTTP status that says why.
 */
final class HttpGate implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Config.Http http;
    private final byte[] token;

    HttpGate(Config.Http http) {
        this.http = http;
        this.token = http.token() == null ? null : http.token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long length = request.getContentLengthLong();
        if (length > http.maxRequestBytes()) {
            refuse(response, 413, -32600, "Request body of " + length + " bytes is over the limit of " + http.maxRequestBytes()
                    + " bytes (http.max_request_bytes).");
            return;
        }
        if (http.loopback() && !loopbackHost(request.getHeader("Host"))) {
            refuse(response, 403, -32600, "Host header '" + request.getHeader("Host") + "' does not name this loopback server.");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(response, 403, -32600, "Origin '" + origin + "' is not allowed. Add it to http.allowed_origins to permit it.");
            return;
        }
        if (token != null && !authorized(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"dbwarden\"");
            refuse(response, 401, -32001, "Missing or wrong bearer token. Send 'Authorization: Bearer <http.token>'.");
            return;
        }
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        // Read the body here, bounded, so that a chunked body without Content-Length meets the same limit and a
        // malformed message gets a JSON-RPC error instead of reaching the transport.
        byte[] body = request.getInputStream().readNBytes(http.maxRequestBytes() + 1);
        if (body.length > http.maxRequestBytes()) {
            refuse(response, 413, -32600, "Request body is over the limit of " + http.maxRequestBytes() + " bytes (http.max_request_bytes).");
            return;
        }
        String problem = jsonRpcProblem(body);
        if (problem != null) {
            refuse(response, 400, problem.startsWith("Parse") ? -32700 : -32600, problem);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), res);
    }

    /** Null when the body is a JSON-RPC 2.0 message or a batch of them; otherwise what is wrong with it. */
    static String jsonRpcProblem(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return "Parse error: the request body is not valid JSON.";
        }
        if (node == null || node.isMissingNode()) return "Parse error: the request body is empty.";
        if (node.isArray()) {
            if (node.isEmpty()) return "Invalid request: an empty batch.";
            for (JsonNode m : node) if (!isMessage(m)) return "Invalid request: each batch entry must be a JSON-RPC 2.0 message.";
            return null;
        }
        return isMessage(node) ? null : "Invalid request: expected a JSON-RPC 2.0 message with \"jsonrpc\": \"2.0\" and a method, result or error.";
    }

    private static boolean isMessage(JsonNode m) {
        return m.isObject() && "2.0".equals(m.path("jsonrpc").asText(null))
                && (m.path("method").isTextual() || m.has("result") || m.has("error"));
    }

    /** Hands the already-read body to the transport. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static boolean loopbackHost(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':'));
        }
        return LOOPBACK_HOSTS.contains(h) || h.startsWith("127.");
    }

    private boolean originAllowed(String origin) {
        if (http.allowedOrigins().contains(origin) || http.allowedOrigins().contains("*")) return true;
        try {
            URI u = URI.create(origin);
            return u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    && loopbackHost(u.getHost().contains(":") ? "[" + u.getHost() + "]" : u.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, int status, int code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":"
                + ToolResults.json(message) + "}}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}

package io.dbwarden.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Posts lifecycle transitions at or above a severity to a webhook as Slack-compatible JSON ({@code text}, plus a
 * {@code dbwarden} object with the details). Delivery runs on its own thread with retries and exponential backoff,
 * so a slow or broken endpoint never blocks a check; when the queue is full the oldest message is dropped.
 */
public final class WebhookSink implements FindingSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int QUEUE = 1000;

    private final URI url;
    private final Finding.Severity minSeverity;
    private final int maxAttempts;
    private final long firstBackoffMs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private volatile boolean running = true;

    public WebhookSink(String url, Finding.Severity minSeverity) {
        this(url, minSeverity, 5, 500);
    }

    WebhookSink(String url, Finding.Severity minSeverity, int maxAttempts, long firstBackoffMs) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("monitor.webhook_url is not a URL.");
        }
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
            throw new IllegalArgumentException("monitor.webhook_url must be an http or https URL.");
        }
        this.url = u;
        this.minSeverity = minSeverity;
        this.maxAttempts = maxAttempts;
        this.firstBackoffMs = firstBackoffMs;
        this.worker = new Thread(this::deliver, "dbwarden-webhook");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void accept(List<Transition> transitions) {
        for (Transition t : transitions) {
            if (t.kind() == Transition.Kind.SEEN || !t.finding().severity().atLeast(minSeverity)) continue;
            String body = body(t);
            while (!queue.offer(body)) {
                if (queue.poll() != null) LOG.warn("Webhook queue full: dropped the oldest message.");
            }
        }
    }

    static String body(Transition t) {
        Finding f = t.finding();
        ObjectNode root = JSON.createObjectNode();
        String verb = switch (t.kind()) {
            case OPENED -> "New";
            case REOPENED -> "Back again";
            case RESOLVED -> "Resolved";
            case SEEN -> "Still open";
        };
        root.put("text", "[dbwarden] " + verb + " " + f.severity().id() + " finding on " + t.connection() + ": " + f.title());
        ObjectNode d = root.putObject("dbwarden");
        d.put("transition", t.kind().id());
        d.put("connection", t.connection());
        d.put("rule", f.ruleId());
        d.put("severity", f.severity().id());
        d.put("category", f.category().id());
        d.put("subject", f.subject());
        d.put("title", f.title());
        d.put("detail", f.detail());
        d.put("remediation", f.remediation());
        d.put("fingerprint", f.fingerprint());
        d.put("at", t.at().toString());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver() {
        while (running) {
            String body;
            try {
                body = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (body != null) send(body);
        }
    }

    private void send(String body) {
        long backoff = firstBackoffMs;
        for (int attempt = 1; attempt <= maxAttempts && running; attempt++) {
            String problem;
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 300) return;
                problem = "HTTP " + r.statusCode();
                // A 4xx other than 429 will not get better by retrying.
                if (r.statusCode() >= 400 && r.statusCode() < 500 && r.statusCode() != 429) {
                    LOG.warn("Webhook refused a message ({}); not retrying.", problem);
                    return;
                }
            } catch (java.io.IOException e) {
                problem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt == maxAttempts) {
                LOG.warn("Webhook delivery failed after {} attempts ({}); the message is dropped.", maxAttempts, Redactor.redact(problem));
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    /** Messages not yet delivered. */
    int pending() {
        return queue.size();
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}

package io.dbwarden.cli;

import io.dbwarden.config.Config;
import picocli.CommandLine.Option;

/** HTTP and profile options shared by serve and demo; unset ones keep the configured values. */
final class HttpOptions {
    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: http.port, 8765).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", description = "HTTP bind address (default: 127.0.0.1). Other addresses need http.token.")
    String host;

    @Option(names = "--profile", paramLabel = "NAME", description = "Tool profile: core (default), standard or all.")
    String profile;

    Config apply(Config c) {
        Config.Http h = c.http();
        Config out = c.withHttp(new Config.Http(host != null ? host : h.host(), port != null ? port : h.port(), h.token(),
                h.allowedOrigins(), h.maxRequestBytes()));
        if (profile != null) {
            if (!java.util.Set.of("core", "standard", "all").contains(profile)) {
                throw new IllegalArgumentException("--profile must be core, standard or all (got '" + profile + "').");
            }
            out = out.withProfile(profile);
        }
        return out;
    }
}

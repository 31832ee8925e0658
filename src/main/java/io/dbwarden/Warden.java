package io.dbwarden;

import io.dbwarden.catalog.CatalogCache;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlRunner;
import io.dbwarden.state.StateStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where dbwarden's services are wired by hand. Surfaces (MCP, CLI, web) get services from here; each
 * configured connection gets its own pool, catalog cache and SQL runner on first use, so start-up stays lean.
 */
public final class Warden implements AutoCloseable {
    private final Config config;
    private final Map<String, Services> services = new ConcurrentHashMap<>();
    private volatile StateStore state;

    /** What one configured database offers. */
    public record Services(Database database, CatalogCache catalog, SqlRunner sql) {
    }

    public Warden(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Services for a configured connection name (null means "default"). A literal URL is accepted only if allowed. */
    public Services forConnection(String name) {
        String key = name == null || name.isBlank() ? Config.DEFAULT_CONNECTION : name.trim();
        if (key.contains("://")) {
            if (!config.allowLiteralUrls()) {
                throw new ConfigException("database takes the name of a configured connection, not a URL, so that secrets stay out "
                        + "of the conversation. Configured: " + String.join(", ", config.connections().keySet())
                        + ". (allow_literal_urls: true in dbwarden.yaml accepts URLs.)");
            }
            return services.computeIfAbsent(key, k -> create(new Config.Connection(
                    "url:" + io.dbwarden.config.ConnectionUrl.parse(k).display(), k, null, null)));
        }
        Config.Connection connection = config.connection(key);
        return services.computeIfAbsent(connection.name(), k -> create(connection));
    }

    private Services create(Config.Connection connection) {
        Database db = new Database(connection, config.limits(), config.allowWrites());
        return new Services(db, new CatalogCache(db), new SqlRunner(db));
    }

    /** The state store, opened (and migrated) on first use. */
    public StateStore state() {
        StateStore s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) state = StateStore.open(config.stateUrl(), config.projectRoot());
                s = state;
            }
        }
        return s;
    }

    @Override
    public void close() {
        services.values().forEach(s -> s.database().close());
        services.clear();
        if (state != null) state.close();
    }
}

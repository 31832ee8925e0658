package io.dbwarden.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads the .sql files that live next to the code that runs them (one query per file). */
public final class SqlResource {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResource() {
    }

    public static String load(Class<?> owner, String fileName) {
        String path = owner.getPackageName().replace('.', '/') + "/" + fileName;
        return CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = owner.getClassLoader().getResourceAsStream(p)) {
                if (in == null) throw new IllegalStateException("missing SQL resource " + p);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

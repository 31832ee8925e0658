package io.dbwarden.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The snapshot format: a {@link Catalog} as canonical JSON. Record components keep their declared order, map keys
 * are sorted and lists arrive sorted from the reader, so the same schema always gives the same bytes.
 */
public final class CatalogJson {
    /** Bumped when the snapshot shape changes incompatibly. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private CatalogJson() {
    }

    public static String write(Catalog catalog) {
        try {
            return MAPPER.writeValueAsString(new Snapshot(FORMAT_VERSION, catalog));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise catalog", e);
        }
    }

    public static Catalog read(String json) {
        try {
            Snapshot s = MAPPER.readValue(json, Snapshot.class);
            if (s.catalog() == null) throw new IllegalArgumentException("The file is not a dbwarden snapshot (no 'catalog' key).");
            if (s.format() > FORMAT_VERSION) {
                throw new IllegalArgumentException("The snapshot has format " + s.format() + ", newer than this dbwarden reads ("
                        + FORMAT_VERSION + "). Upgrade dbwarden.");
            }
            return s.catalog();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The snapshot is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    record Snapshot(int format, Catalog catalog) {
    }
}

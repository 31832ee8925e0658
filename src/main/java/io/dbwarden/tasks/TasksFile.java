package io.dbwarden.tasks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes TaskMaster's tasks.json as a JSON tree, so that every field dbwarden does not own (other tags, AI
 * hints, tm-core's updatedAt, user metadata) survives exactly. Writes follow TaskMaster's protocol: take the lock,
 * re-read inside it, change only the target tag, write a temp file, fsync, rename it over the original. A malformed,
 * truncated or read-only file gets one clear message and is never replaced.
 */
public final class TasksFile {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** JSON.stringify(x, null, 2), which TaskMaster writes, so that a sync changes only the lines it means to. */
    private static final DefaultPrettyPrinter NODE_STYLE = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n"));
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final Path file;
    private final Duration lockWait;

    public TasksFile(Path file) {
        this(file, LOCK_WAIT);
    }

    TasksFile(Path file, Duration lockWait) {
        this.file = file;
        this.lockWait = lockWait;
    }

    public Path path() {
        return file;
    }

    /** What a locked change did: its result, and a note when a stale lock had to be taken over. */
    public record Changed<T>(T result, boolean written, String lockNote) {
    }

    /** The file as a tagged tree (a legacy file is wrapped under master, in memory only); {} when it does not exist. */
    public ObjectNode read() {
        return tagged(parse());
    }

    /**
     * Runs {@code change} on the tree read inside the lock and writes the tree back if {@code change} says so (by
     * returning a result whose {@code written} is requested through {@link Edit#markChanged()}).
     */
    public <T> Changed<T> modify(Function<Edit, T> change) {
        try (TaskLock lock = TaskLock.acquire(file, lockWait)) {
            ObjectNode before = parse();
            ObjectNode tree = tagged(before.deepCopy());
            Edit edit = new Edit(tree);
            T result = change.apply(edit);
            if (edit.changed) {
                requireWritable();
                requireNothingLost(tagged(before), tree);
                lock.touch();
                write(tree);
            }
            return new Changed<>(result, edit.changed, lock.tookOver());
        }
    }

    /** The tree being changed under the lock; {@link #markChanged()} asks for it to be written. */
    public static final class Edit {
        private final ObjectNode root;
        private boolean changed;

        Edit(ObjectNode root) {
            this.root = root;
        }

        public ObjectNode root() {
            return root;
        }

        public void markChanged() {
            changed = true;
        }
    }

    private ObjectNode parse() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (AccessDeniedException e) {
            throw new TaskFileException("Cannot read " + name() + ": permission denied. Give dbwarden read access to it.");
        } catch (IOException e) {
            throw new TaskFileException("Cannot read " + name() + ": " + e.getMessage() + ".");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new TaskFileException(name() + " is empty, so dbwarden did not touch it (an interrupted write may have emptied it). "
                    + "Restore it from version control, or delete it to start an empty task list.");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\[Source: [^;]*; ", "[");
            boolean truncated = original.contains("end-of-input");
            throw new TaskFileException(name() + " is not valid JSON" + (truncated ? " (it ends too early: truncated?)" : "")
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr()) + ": "
                    + clip(original) + ". dbwarden left the file as it is; fix it or restore it from version control, then sync again.");
        }
        if (n == null || !n.isObject()) {
            throw new TaskFileException(name() + " must hold a JSON object (tags such as {\"master\": {\"tasks\": [...]}}), not "
                    + (n == null ? "nothing" : n.getNodeType().name().toLowerCase()) + ". dbwarden left the file as it is.");
        }
        return (ObjectNode) n;
    }

    /** A legacy file ({"tasks": [...]}) wrapped as the master tag, the way TaskMaster migrates it. */
    static ObjectNode tagged(ObjectNode root) {
        boolean anyTag = false;
        for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            if (v.isObject() && v.path("tasks").isArray()) anyTag = true;
        }
        if (anyTag || !root.path("tasks").isArray()) return root;
        ObjectNode master = JSON.createObjectNode();
        master.set("tasks", root.get("tasks"));
        master.set("metadata", root.path("metadata").isObject() ? root.get("metadata") : JSON.createObjectNode());
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.set("master", master);
        return wrapped;
    }

    /** The tag object, created if missing; a tag that exists but is not {tasks: [...]} is an error. */
    static ArrayNode tasksOf(ObjectNode root, String tag, boolean create, String fileName) {
        JsonNode t = root.get(tag);
        if (t == null || t.isNull()) {
            if (!create) return JSON.createArrayNode();
            ObjectNode tagNode = root.putObject(tag);
            ArrayNode tasks = tagNode.putArray("tasks");
            String now = java.time.Instant.now().toString();
            tagNode.putObject("metadata").put("created", now).put("updated", now).put("description", "Tasks for " + tag + " context");
            return tasks;
        }
        if (!t.isObject() || !t.path("tasks").isArray()) {
            throw new TaskFileException("Tag '" + tag + "' in " + fileName + " is not an object with a \"tasks\" array, so dbwarden "
                    + "did not change the file. Fix the tag or choose another one (tasks.tag in dbwarden.yaml).");
        }
        return (ArrayNode) t.get("tasks");
    }

    private void requireWritable() {
        if (!Files.exists(file)) return;
        boolean writable = Files.isWritable(file);
        // access(2) says yes to root whatever the mode; a file without its owner's write bit was still meant to stay put.
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (writable && posix != null) {
            try {
                writable = posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
            } catch (IOException ignored) {
                // keep the answer access(2) gave
            }
        }
        if (!writable) {
            throw new TaskFileException(name() + " is read-only, so dbwarden did not change it. Make it writable "
                    + "(chmod u+w) to let dbwarden sync tasks, or leave it so to keep dbwarden out.");
        }
    }

    /** The guard behind "never overwritten with less": every tag and every task id read must still be there. */
    private void requireNothingLost(ObjectNode before, ObjectNode after) {
        Map<String, Set<String>> ids = ids(before);
        Map<String, Set<String>> now = ids(after);
        for (var e : ids.entrySet()) {
            Set<String> kept = now.getOrDefault(e.getKey(), Set.of());
            if (!kept.containsAll(e.getValue()) || after.get(e.getKey()) == null) {
                throw new IllegalStateException("Refusing to write " + name() + ": the update would drop tasks of tag '" + e.getKey()
                        + "'. This is a dbwarden bug; the file was not changed.");
            }
        }
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!after.has(k)) throw new IllegalStateException("Refusing to write " + name() + ": the update would drop '" + k + "'.");
        }
    }

    private static Map<String, Set<String>> ids(ObjectNode root) {
        Map<String, Set<String>> out = new HashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!e.getValue().path("tasks").isArray()) return;
            Set<String> s = new HashSet<>();
            e.getValue().get("tasks").forEach(t -> s.add(TaskIds.normalise(t.get("id")) + "#" + t.path("title").asText("")));
            out.put(e.getKey(), s);
        });
        return out;
    }

    private void write(ObjectNode tree) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId());
        try {
            Files.createDirectories(dir);
            byte[] bytes = JSON.writer(NODE_STYLE).writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            copyPermissions(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // not every platform can fsync a directory; the rename itself is atomic
            }
        } catch (AccessDeniedException e) {
            throw new TaskFileException("Cannot write " + name() + ": permission denied on " + dir + ". The file was not changed.");
        } catch (IOException e) {
            throw new TaskFileException("Cannot write " + name() + ": " + e.getMessage() + ". The file was not changed.");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the rename consumed it, or it never existed
            }
        }
    }

    private void copyPermissions(Path tmp) {
        PosixFileAttributeView from = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (from == null || to == null || !Files.exists(file)) return;
        try {
            to.setPermissions(from.readAttributes().permissions());
        } catch (IOException ignored) {
            // the default mode is a fine fallback
        }
    }

    private String name() {
        Path parent = file.getParent();
        Path grand = parent == null ? null : parent.getParent();
        return grand != null && grand.getFileName() != null && grand.getFileName().toString().equals(".taskmaster")
                ? ".taskmaster/tasks/" + file.getFileName() : file.toString();
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}

package io.dbwarden.tasks;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TaskMaster's lock on tasks.json: {@code tasks.json.lock} beside it, a directory (tm-core, proper-lockfile) or a file
 * (the legacy writer); either blocks both. We create the directory atomically, take over a lock whose mtime is more
 * than ten seconds old the way TaskMaster does (rename it aside), and otherwise wait with jitter up to a deadline.
 */
final class TaskLock implements AutoCloseable {
    /** TaskMaster's own staleness rule: a lock untouched this long belongs to a process that died. */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private final Path lock;
    private final String tookOver;

    private TaskLock(Path lock, String tookOver) {
        this.lock = lock;
        this.tookOver = tookOver;
    }

    /** Acquires the lock of {@code tasksFile}, waiting up to {@code wait} for another holder. */
    static TaskLock acquire(Path tasksFile, Duration wait) {
        Path lock = tasksFile.resolveSibling(tasksFile.getFileName() + ".lock");
        long deadline = System.nanoTime() + wait.toNanos();
        String tookOver = null;
        while (true) {
            try {
                Files.createDirectory(lock);
                return new TaskLock(lock, tookOver);
            } catch (FileAlreadyExistsException e) {
                String stale = takeOverIfStale(lock);
                if (stale != null) {
                    tookOver = stale;
                    continue;
                }
            } catch (AccessDeniedException e) {
                throw new TaskFileException("Cannot create the lock " + relative(lock) + ": permission denied on " + lock.getParent()
                        + ". dbwarden needs write access to that directory to update tasks.json safely.");
            } catch (NoSuchFileException e) {
                throw new TaskFileException("The directory " + lock.getParent() + " does not exist.");
            } catch (IOException e) {
                throw new TaskFileException("Cannot create the lock " + relative(lock) + ": " + e.getMessage() + ".");
            }
            if (System.nanoTime() > deadline) {
                throw new TaskFileException(relative(lock) + " has been held by another process (TaskMaster or another dbwarden) for "
                        + "more than " + wait.toSeconds() + " s, so tasks.json was not changed. Try again; if no TaskMaster command is "
                        + "running, the lock is left from a crash and is taken over once it is " + STALE_AFTER.toSeconds() + " s old.");
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(50, 200));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new TaskFileException("Interrupted while waiting for " + relative(lock) + "; tasks.json was not changed.");
            }
        }
    }

    /** Renames a stale lock aside (never deletes it: that would race another process taking it over); returns what was done. */
    private static String takeOverIfStale(Path lock) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(lock).toInstant();
        } catch (IOException e) {
            return null; // released meanwhile: just retry
        }
        Duration age = Duration.between(modified, Instant.now());
        if (age.compareTo(STALE_AFTER) <= 0) return null;
        Path aside = lock.resolveSibling(lock.getFileName() + ".stale." + ProcessHandle.current().pid() + "." + System.currentTimeMillis());
        try {
            Files.move(lock, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return null; // someone else took it over first
        }
        return "took over a stale lock " + relative(lock) + " (untouched for " + age.toSeconds() + " s, left by a process that "
                + "stopped); it was moved to " + aside.getFileName();
    }

    /** What happened to a stale lock on the way in, or null. */
    String tookOver() {
        return tookOver;
    }

    /** Refreshes the mtime so that nobody takes the lock over during a long write. */
    void touch() {
        try {
            Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // only a courtesy; the critical section is milliseconds long
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(lock);
        } catch (IOException ignored) {
            // a lock we cannot remove goes stale after ten seconds and is taken over
        }
    }

    private static String relative(Path lock) {
        Path dir = lock.getParent();
        Path tasks = dir == null ? null : dir.getParent();
        return tasks == null || !tasks.getFileName().toString().equals(".taskmaster") ? lock.toString()
                : ".taskmaster/" + dir.getFileName() + "/" + lock.getFileName();
    }
}

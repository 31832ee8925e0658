package io.dbwarden.codegen;

/**
 * One file a generator produced: its path relative to the project root (always with '/') and its whole content.
 * Generators return these and never touch the disk; {@link OutputWriter} writes or checks them.
 */
public record GeneratedFile(String path, String content) {
}

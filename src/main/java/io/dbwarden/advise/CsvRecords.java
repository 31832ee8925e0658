package io.dbwarden.advise;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes of a CSV log into records: comma-separated fields, quoted fields that hold commas, newlines and
 * doubled quotes. It works on bytes so the offset it reports is a byte offset into the file; comma, quote and newline
 * never occur inside a multi-byte UTF-8 character, so splitting before decoding is safe.
 */
final class CsvRecords {
    private CsvRecords() {
    }

    /** The complete records in data[0, length) and how many bytes they span; a record cut off at the end is left out. */
    record Parsed(List<List<String>> records, int consumed) {
    }

    static Parsed parse(byte[] data, int length) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        boolean quoted = false;
        int consumed = 0;
        for (int i = 0; i < length; i++) {
            byte b = data[i];
            if (quoted) {
                if (b != '"') {
                    field.write(b);
                } else if (i + 1 < length && data[i + 1] == '"') {
                    field.write('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == ',') {
                fields.add(field.toString(StandardCharsets.UTF_8));
                field.reset();
            } else if (b == '\n') {
                fields.add(field.toString(StandardCharsets.UTF_8));
                field.reset();
                records.add(List.copyOf(fields));
                fields.clear();
                consumed = i + 1;
            } else if (b != '\r') {
                field.write(b);
            }
        }
        return new Parsed(records, consumed);
    }
}

package io.dbwarden.config;

import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a log, an error or a tool result. Applied at every surface,
 * because driver and server messages sometimes echo the connection string.
 */
public final class Redactor {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:jdbc:)?[a-z][a-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]*@");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)((?:password|passwd|pwd|token|secret|apikey|api_key)\\s*[=:]\\s*)('[^']*'|\"[^\"]*\"|[^\\s&;,]+)");

    private Redactor() {
    }

    public static String redactUrl(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1***@");
    }

    /** Redacts URLs with passwords and key=value secrets; also any literal secret the caller knows about. */
    public static String redact(String text, String... secrets) {
        if (text == null) return null;
        String out = KEY_VALUE.matcher(redactUrl(text)).replaceAll("$1***");
        for (String s : secrets) {
            if (s != null && s.length() >= 3) out = out.replace(s, "***");
        }
        return out;
    }
}

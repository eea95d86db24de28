package dev.fleetops.core.error;

import dev.fleetops.core.internal.text.Escape;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks secrets in text before it reaches a log line, an exception message or an audit record: shared access keys
 * in connection strings, SAS signatures, bearer tokens, {@code primaryKey}/{@code secondaryKey} values (JSON or
 * key=value) and PEM private keys. Names that are not secret ({@code SharedAccessKeyName}, {@code sr}, {@code se},
 * host names) are kept so that the text stays useful. Stateless and thread-safe.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private static final String VALUE_END = "[^;\\s\"'&,]+";
    /** A URL-encoded value runs up to an encoded '&amp;' or ';' too. */
    private static final String ENCODED_VALUE_END = "(?:(?!%26|%3[Bb])[^;\\s\"'&,])+";

    private static final List<Rule> RULES = List.of(
            // SharedAccessKey=... in connection strings; SharedAccessKeyName=... is not matched and stays.
            new Rule("(?i)\\b(SharedAccessKey\\s*=\\s*)" + VALUE_END, "$1" + MASK),
            // The signature of a SAS token, anywhere in it, plain or URL-encoded.
            new Rule("(?i)\\b(sig\\s*=\\s*)" + VALUE_END, "$1" + MASK),
            // URL-encoded, "sig" follows "%26" directly, so no word boundary can be asked for.
            new Rule("(?i)(sig%3D)" + ENCODED_VALUE_END, "$1" + MASK),
            new Rule("(?i)(SharedAccessKey%3D)" + ENCODED_VALUE_END, "$1" + MASK),
            // Bearer tokens (AAD access tokens).
            new Rule("(?i)\\b(Bearer\\s+)[A-Za-z0-9\\-._~+/]+=*", "$1" + MASK),
            // Device keys in JSON documents ...
            new Rule("(?i)(\"(?:primaryKey|secondaryKey)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")", "$1" + MASK + "$2"),
            // ... and in key=value or key: value text.
            new Rule("(?i)\\b((?:primaryKey|secondaryKey)\\s*[=:]\\s*)(?![\\s\"])[^;\\s\"',&}]+", "$1" + MASK),
            // PEM private keys, whole.
            new Rule("(?s)-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
                    "-----BEGIN $1PRIVATE KEY-----" + MASK + "-----END $1PRIVATE KEY-----"));

    /** Every rule needs one of these words: text without any of them is returned as it is, after one scan. */
    private static final Pattern TRIGGERS = Pattern.compile("(?i)sharedaccesskey|sig|bearer|primarykey|secondarykey"
            + "|private key");

    private Redactor() {
    }

    /**
     * Returns {@code text} with every secret it recognises masked.
     *
     * @param text the text, may be null
     * @return the masked text; empty for null
     */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        if (!TRIGGERS.matcher(text).find()) {
            return text;
        }
        String out = text;
        for (Rule rule : RULES) {
            out = rule.pattern.matcher(out).replaceAll(rule.replacement);
        }
        return out;
    }

    /**
     * Returns the redacted text cut to at most {@code max} characters (an ellipsis marks a cut). Redaction runs
     * first, so a cut never leaves part of a secret behind.
     *
     * @param text the text, may be null
     * @param max the most characters to keep, at least 1
     * @return the masked, shortened text
     */
    public static String redact(String text, int max) {
        String out = redact(text);
        return out.length() <= max ? out : out.substring(0, Math.max(0, max - 1)) + "\u2026";
    }

    /**
     * Returns {@code text} masked more strictly, for text that came from credential code (a token provider's
     * exception message): besides what {@link #redact(String)} masks, every run of 16 or more token characters
     * (letters, digits, {@code + / = % _ -}) that holds a digit, {@code +}, {@code /} or {@code %}, or ends in
     * {@code =}, and every such run of 24 or more whatever it holds (a 16-byte key in base64), is masked, since a
     * bare key or token carries no name to recognise it by. Cut to 300 characters.
     *
     * @param text the text, may be null
     * @return the masked text; empty for null
     */
    public static String redactCredentialText(String text) {
        String out = redact(text);
        java.util.regex.Matcher m = TOKEN_RUN.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String run = m.group();
            boolean tokenLike = run.length() >= 24 || run.endsWith("=") || run.chars().anyMatch(c ->
                    Character.isDigit(c) || c == '+' || c == '/' || c == '%');
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(tokenLike ? MASK : run));
        }
        m.appendTail(sb);
        out = sb.toString();
        return out.length() <= 300 ? out : out.substring(0, 299) + "\u2026";
    }

    private static final Pattern TOKEN_RUN = Pattern.compile("[A-Za-z0-9+/=%_\\-]{16,}");

    /**
     * Describes a failure for a log line or an audit detail: the exception's simple class name and its redacted
     * message.
     *
     * @param failure the exception
     * @return for example {@code "ServiceUnavailableException: hub busy"}
     */
    public static String describe(Throwable failure) {
        String message = redact(failure.getMessage(), 300);
        String name = failure.getClass().getSimpleName();
        return message.isEmpty() ? name : name + ": " + message;
    }

    /**
     * Makes user-supplied text safe to quote in a message or log line: secrets masked, then every character that
     * could forge or hide text (control characters such as line breaks, line and paragraph separators,
     * bidirectional controls, zero-width characters) written as a {@code \\uXXXX} escape and backslashes doubled,
     * then cut to {@code max} characters (an ellipsis marks a cut). The model's own messages escape the same way.
     *
     * @param text the text, may be null
     * @param max the most characters to keep, at least 1
     * @return the quoted form, without surrounding quotes; empty for null
     */
    public static String quote(String text, int max) {
        String masked = redact(text);
        String escaped = Escape.escape(masked);
        return escaped.length() <= max ? escaped : escaped.substring(0, Math.max(0, max - 1)) + "\u2026";
    }

    private static final class Rule {
        final Pattern pattern;
        final String replacement;

        Rule(String regex, String replacement) {
            this.pattern = Pattern.compile(regex);
            this.replacement = replacement;
        }
    }
}

package dev.fleetops.core.query.internal;

import dev.fleetops.core.internal.text.Escape;
import dev.fleetops.core.error.InvalidQueryException;

/**
 * Builds {@link InvalidQueryException}s whose message names the line, the column and what was expected:
 * {@code "query: line 1, column 10: expected FROM but found 'FORM'"}. Internal; immutable and thread-safe.
 */
final class Errors {

    private static final int MAX_SHOWN = 40;

    private final String text;
    private final String subject;

    /**
     * Creates the factory.
     *
     * @param text the text being parsed
     * @param subject {@code "query"} or {@code "condition"}, the message's first word
     */
    Errors(String text, String subject) {
        this.text = text;
        this.subject = subject;
    }

    String text() {
        return text;
    }

    String subject() {
        return subject;
    }

    /**
     * Returns an exception saying what was expected and what was found.
     *
     * @param offset where the problem is
     * @param expected what was expected, for example {@code "FROM"}
     * @param found what was found, already quoted, for example {@code "'FORM'"} or {@code "end of text"}
     * @return the exception, to throw
     */
    InvalidQueryException expected(int offset, String expected, String found) {
        return error(offset, expected, "expected " + expected + " but found " + found);
    }

    /**
     * Returns an exception with a message of its own after the position.
     *
     * @param offset where the problem is
     * @param expected what was expected, for {@link InvalidQueryException#expected()}
     * @param detail the message after {@code "line L, column C: "}
     * @return the exception, to throw
     */
    InvalidQueryException error(int offset, String expected, String detail) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = offset - lineStart + 1;
        return new InvalidQueryException(subject + ": line " + line + ", column " + column + ": " + detail, offset,
                line, column, expected);
    }

    /**
     * Quotes a piece of the text for a message: in single quotes, shortened, control, bidirectional and zero-width
     * characters shown as
     * {@code \}{@code uXXXX}.
     *
     * @param start the first character
     * @param end one past the last character
     * @return the quoted text, or {@code "end of text"} when the range is empty at the end
     */
    String found(int start, int end) {
        if (start >= text.length()) {
            return "end of text";
        }
        String s = text.substring(start, Math.max(start + 1, Math.min(end, text.length())));
        return quote(s);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 8).append('\'');
        for (int i = 0; i < s.length() && i < MAX_SHOWN; i++) {
            char c = s.charAt(i);
            if (Escape.isHidden(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}

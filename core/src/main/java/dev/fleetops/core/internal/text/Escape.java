package dev.fleetops.core.internal.text;

/**
 * Makes user-supplied text safe to quote in an exception message or a log line: control characters (C0, DEL, C1),
 * line and paragraph separators, bidirectional controls and zero-width characters become {@code \}{@code uXXXX}
 * text, and a backslash is doubled, so a quoted value can neither break a log line, forge one, nor reorder what a
 * reader sees. Everything else is kept. Stateless and thread-safe.
 */
public final class Escape {

    private Escape() {
    }

    /**
     * Returns {@code text} with every invisible or layout-changing character written as {@code \}{@code uXXXX}.
     *
     * @param text the text, may be null
     * @return the escaped text; {@code "null"} for null
     */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hidden = isHidden(c);
            if ((hidden || c == '\\') && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb == null) {
                continue;
            }
            if (hidden) {
                sb.append(String.format("\\u%04X", (int) c));
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb == null ? text.toString() : sb.toString();
    }

    /**
     * Returns the escaped text cut to at most {@code max} characters of the original (an ellipsis marks a cut).
     *
     * @param text the text, may be null
     * @param max the most characters of the original to keep, at least 1
     * @return the escaped, shortened text
     */
    public static String escape(CharSequence text, int max) {
        if (text != null && text.length() > max) {
            return escape(text.subSequence(0, max)) + "...";
        }
        return escape(text);
    }

    /**
     * Tells whether a character is invisible or changes layout: controls, separators, bidi and zero-width marks.
     *
     * @param c the character
     * @return true if {@link #escape(CharSequence)} writes it as an escape
     */
    public static boolean isHidden(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0)
                || c == 0x00ad                      // soft hyphen
                || c == 0x061c                      // Arabic letter mark
                || (c >= 0x200b && c <= 0x200f)     // zero-width space/joiners, LRM, RLM
                || (c >= 0x2028 && c <= 0x202e)     // line/paragraph separators, embeddings and overrides
                || (c >= 0x2060 && c <= 0x206f)     // word joiner, invisible operators, isolates
                || c == 0xfeff                      // zero-width no-break space
                || (c >= 0xfff9 && c <= 0xfffb);    // interlinear annotation
    }
}

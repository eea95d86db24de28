package dev.fleetops.core.query.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits query text into tokens, one at a time, as the parser asks for them. An attribute path, with its dots and
 * {@code [[ ]]} escapes, is one token. Internal; not thread-safe (one per parse).
 *
 * <p>{@code [[} opens an escaped segment, except where the parser expects an array element: there it is two
 * opening brackets, so {@code x IN [[1, 2], [3]]} is an array of arrays.
 */
final class Lexer {

    /** The kinds of token. */
    enum Kind {
        /** An attribute path or a word (keyword, function name, alias). */
        PATH,
        /** A number constant. */
        NUMBER,
        /** A string constant. */
        STRING,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, STAR, PLUS, MINUS, SLASH, PERCENT, EQ, NE, LT, LE, GT, GE,
        /** The end of the text. */
        EOF,
        /** A character that starts no token. */
        UNKNOWN
    }

    /**
     * A token.
     *
     * @param kind the kind
     * @param start offset of the first character
     * @param end offset after the last character
     * @param value the number (Long or Double) or the string, else null
     * @param segments the path's segments, else null
     * @param word the text of a path that is a single unescaped segment, else null
     */
    record Token(Kind kind, int start, int end, Object value, List<String> segments, String word) {
        boolean isWord(String keyword) {
            return word != null && word.equalsIgnoreCase(keyword);
        }
    }

    private final String text;
    private final Errors errors;
    private int pos;

    Lexer(Errors errors) {
        this.text = errors.text();
        this.errors = errors;
    }

    /**
     * Reads the next token.
     *
     * @param arrayElement true where an array element is expected, so that {@code [[} is two brackets
     * @return the token
     * @throws dev.fleetops.core.error.InvalidQueryException for a malformed string, number or escaped segment
     */
    Token next(boolean arrayElement) {
        int n = text.length();
        while (pos < n && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= n) {
            return new Token(Kind.EOF, n, n, null, null, null);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(':
                return single(Kind.LPAREN);
            case ')':
                return single(Kind.RPAREN);
            case ']':
                return single(Kind.RBRACKET);
            case ',':
                return single(Kind.COMMA);
            case '*':
                return single(Kind.STAR);
            case '+':
                return single(Kind.PLUS);
            case '-':
                return single(Kind.MINUS);
            case '/':
                return single(Kind.SLASH);
            case '%':
                return single(Kind.PERCENT);
            case '=':
                return single(Kind.EQ);
            case '!':
                if (at(pos + 1) == '=') {
                    pos += 2;
                    return new Token(Kind.NE, start, pos, null, null, null);
                }
                return single(Kind.UNKNOWN);
            case '<':
                if (at(pos + 1) == '=') {
                    pos += 2;
                    return new Token(Kind.LE, start, pos, null, null, null);
                }
                if (at(pos + 1) == '>') {
                    pos += 2;
                    return new Token(Kind.NE, start, pos, null, null, null);
                }
                return single(Kind.LT);
            case '>':
                if (at(pos + 1) == '=') {
                    pos += 2;
                    return new Token(Kind.GE, start, pos, null, null, null);
                }
                return single(Kind.GT);
            case '[':
                if (!arrayElement && at(pos + 1) == '[') {
                    return path();
                }
                return single(Kind.LBRACKET);
            case '\'':
            case '"':
                return string(c);
            default:
                if (c >= '0' && c <= '9') {
                    return number();
                }
                if (Names.isIdentifierStart(c)) {
                    return path();
                }
                pos += Character.charCount(text.codePointAt(pos));
                return new Token(Kind.UNKNOWN, start, pos, null, null, null);
        }
    }

    private char at(int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private Token single(Kind kind) {
        pos++;
        return new Token(kind, pos - 1, pos, null, null, null);
    }

    private Token path() {
        int start = pos;
        List<String> segments = new ArrayList<>(4);
        boolean escaped = false;
        boolean first = true;
        int firstStart = pos;
        boolean firstEscaped = false;
        int groupAt = -1;
        while (true) {
            if (at(pos) == '[' && at(pos + 1) == '[') {
                int close = text.indexOf("]]", pos + 2);
                if (close < 0) {
                    throw errors.expected(pos, "']]' to close the name that starts with '[['", "end of text");
                }
                if (close == pos + 2) {
                    throw errors.expected(pos + 2, "a name inside [[ ]]", "']]'");
                }
                segments.add(text.substring(pos + 2, close));
                escaped = true;
                firstEscaped |= first;
                pos = close + 2;
            } else {
                int s = pos;
                if (first) {
                    pos++; // the identifier start, checked by the caller
                }
                while (pos < text.length() && Names.isIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
                if (pos == s) {
                    throw errors.expected(pos, "a property name or [[name]] after '.'", errors.found(pos, pos + 1));
                }
                segments.add(text.substring(s, pos));
                if (groupAt < 0 && text.substring(s, pos).equalsIgnoreCase("group")) {
                    groupAt = s;
                }
            }
            first = false;
            if (at(pos) != '.') {
                break;
            }
            pos++;
        }
        if (segments.size() > 1) {
            // IoT Hub refuses a reserved word that starts a path, and "group" anywhere in one, unless escaped
            if (!firstEscaped && Names.isKeyword(segments.get(0))) {
                throw errors.expected(firstStart, "a property name (write [[" + segments.get(0) + "]] for a"
                        + " property of that name)", "the reserved word '" + segments.get(0) + "'");
            }
            if (groupAt >= 0) {
                String g = text.substring(groupAt, groupAt + 5);
                throw errors.expected(groupAt, "a property name (write [[" + g + "]] for a property of that name)",
                        "the reserved word '" + g + "'");
            }
        }
        String word = !escaped && segments.size() == 1 ? segments.get(0) : null;
        return new Token(Kind.PATH, start, pos, null, List.copyOf(segments), word);
    }

    private Token string(char quote) {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw errors.expected(start, "a closing " + quote + " for the string that starts here",
                        "end of text");
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Kind.STRING, start, pos, sb.toString(), null, null);
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            char e = at(pos + 1);
            if (pos + 1 >= text.length()) {
                throw errors.expected(start, "a closing " + quote + " for the string that starts here",
                        "end of text");
            }
            if (e == '\'' || e == '"' || e == '\\') {
                sb.append(e);
                pos += 2;
            } else if (e == 'u') {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = hexDigit(at(pos + 2 + i));
                    if (d < 0) {
                        throw errors.expected(pos, "four hexadecimal digits after \\u",
                                errors.found(pos, pos + 2 + i + 1));
                    }
                    v = v * 16 + d;
                }
                sb.append((char) v);
                pos += 6;
            } else {
                throw errors.expected(pos, "an escape \\' \\\" \\\\ or \\uXXXX", errors.found(pos, pos + 2));
            }
        }
    }

    private Token number() {
        int start = pos;
        if (at(pos) == '0' && (at(pos + 1) == 'x' || at(pos + 1) == 'X')) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && hexDigit(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw errors.expected(pos, "a hexadecimal digit after 0x", errors.found(pos, pos + 1));
            }
            try {
                long v = Long.parseLong(text.substring(digits, pos), 16);
                return new Token(Kind.NUMBER, start, pos, v, null, null);
            } catch (NumberFormatException tooBig) {
                throw errors.expected(start, "a hexadecimal number of at most 0x7FFFFFFFFFFFFFFF",
                        errors.found(start, pos));
            }
        }
        digits();
        boolean integral = true;
        if (at(pos) == '.') {
            pos++;
            if (!isDigit(at(pos))) {
                throw errors.expected(pos, "a digit after the decimal point", errors.found(pos, pos + 1));
            }
            digits();
            integral = false;
        }
        if (at(pos) == 'e' || at(pos) == 'E') {
            pos++;
            if (at(pos) == '+' || at(pos) == '-') {
                pos++;
            }
            if (!isDigit(at(pos))) {
                throw errors.expected(pos, "a digit in the exponent", errors.found(pos, pos + 1));
            }
            digits();
            integral = false;
        }
        String s = text.substring(start, pos);
        if (integral) {
            try {
                return new Token(Kind.NUMBER, start, pos, Long.parseLong(s), null, null);
            } catch (NumberFormatException tooBig) {
                // falls through to a double
            }
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw errors.expected(start, "a number of magnitude at most 1.7976931348623157E308",
                    errors.found(start, pos));
        }
        return new Token(Kind.NUMBER, start, pos, Values.normaliseDouble(d), null, null);
    }

    private void digits() {
        while (isDigit(at(pos))) {
            pos++;
        }
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

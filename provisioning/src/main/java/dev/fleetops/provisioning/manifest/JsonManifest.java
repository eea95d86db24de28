package dev.fleetops.provisioning.manifest;

import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.provisioning.model.IndividualEnrollment;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a JSON manifest of individual enrollments, reporting every bad enrollment at once.
 *
 * <p>The format: an object {@code {"enrollments": [ ... ]}} (or the array alone) of objects with the fields of
 * {@link CsvManifest}'s columns: {@code registrationId} (required), {@code deviceId}, {@code attestation},
 * {@code primaryKey}, {@code secondaryKey}, {@code certificate}, {@code endorsementKey}, {@code storageRootKey},
 * {@code allocation}, {@code reprovision} and {@code status} as strings, {@code iotHubs} as an array of host names,
 * {@code edge} as a boolean, and the initial twin as objects {@code tags} and {@code desired}. A problem names the
 * line and column of the offending value (of the enrollment's opening brace when a field is missing) and the rule;
 * a key's problem never shows the key. Stateless and thread-safe.
 */
public final class JsonManifest {

    private static final Set<String> FIELDS = Set.of("registrationId", "deviceId", "attestation", "primaryKey",
            "secondaryKey", "certificate", "endorsementKey", "storageRootKey", "iotHubs", "allocation", "reprovision",
            "edge", "status", "tags", "desired");

    private JsonManifest() {
    }

    /**
     * Reads a manifest.
     *
     * @param in the JSON text (read to its end, not closed)
     * @param source the manifest's name, for problems
     * @return the manifest with its good rows and every problem
     * @throws IOException if reading fails
     */
    public static Manifest parse(Reader in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) != -1; ) {
            sb.append(buf, 0, n);
        }
        String text = sb.toString();
        List<ManifestProblem> problems = new ArrayList<>();
        List<ManifestRow> rows = new ArrayList<>();
        Node root;
        try {
            Parser p = new Parser(text);
            root = p.value();
            p.skipSpace();
            if (p.pos < text.length()) {
                throw p.error("end of the manifest");
            }
        } catch (SyntaxError e) {
            problems.add(new ManifestProblem(source, e.line, e.column, "", e.getMessage()));
            return new Manifest(source, rows, problems);
        }
        Node list = root;
        if (root.kind == Kind.OBJECT) {
            list = root.members.get("enrollments");
            if (list == null) {
                problems.add(new ManifestProblem(source, root.line, root.column, "enrollments", "the manifest "
                        + "object has no \"enrollments\" array"));
                return new Manifest(source, rows, problems);
            }
        }
        if (list.kind != Kind.ARRAY) {
            problems.add(new ManifestProblem(source, list.line, list.column, "enrollments", "is not an array of "
                    + "enrollments"));
            return new Manifest(source, rows, problems);
        }
        Map<String, Node> first = new HashMap<>();
        for (Node item : list.items) {
            if (item.kind != Kind.OBJECT) {
                problems.add(new ManifestProblem(source, item.line, item.column, "", "an enrollment is an object"));
                continue;
            }
            Row row = new Row(source, item, problems);
            IndividualEnrollment e = row.enrollment();
            if (e == null) {
                continue;
            }
            Node id = item.members.get("registrationId");
            Node seen = first.putIfAbsent(e.registrationId().toLowerCase(Locale.ROOT), item);
            if (seen != null) {
                problems.add(new ManifestProblem(source, id.line, id.column, "registrationId", "repeats the "
                        + "registration id of line " + seen.line + " (DPS ignores case)"));
                continue;
            }
            rows.add(new ManifestRow(item.line, e));
        }
        problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
        return new Manifest(source, rows, problems);
    }

    /** One enrollment object read as a row. */
    private static final class Row extends RowReader {
        private final Node object;

        Row(String source, Node object, List<ManifestProblem> problems) {
            super(source, problems);
            this.object = object;
            object.members.forEach((name, node) -> {
                if (!FIELDS.contains(name)) {
                    problems.add(new ManifestProblem(source, node.keyLine, node.keyColumn, name, "unknown field; "
                            + "the fields are " + String.join(", ", new java.util.TreeSet<>(FIELDS))));
                    bad = true;
                }
            });
        }

        @Override
        String cell(String field) {
            Node n = object.members.get(field);
            if (n == null || n.kind == Kind.NULL) {
                return "";
            }
            switch (field) {
                case "edge":
                    if (n.kind != Kind.BOOLEAN) {
                        problem(field, "is a boolean (true or false)");
                        return "";
                    }
                    return String.valueOf(n.value);
                case "iotHubs":
                    if (n.kind != Kind.ARRAY) {
                        problem(field, "is an array of host names");
                        return "";
                    }
                    List<String> hubs = new ArrayList<>();
                    for (Node h : n.items) {
                        if (h.kind != Kind.STRING) {
                            problems.add(new ManifestProblem(source, h.line, h.column, field, "holds host names, "
                                    + "which are strings"));
                            bad = true;
                            return "";
                        }
                        hubs.add((String) h.value);
                    }
                    return String.join(";", hubs);
                default:
                    if (n.kind != Kind.STRING) {
                        problem(field, "is a string");
                        return "";
                    }
                    return ((String) n.value).trim();
            }
        }

        @Override
        int line(String field) {
            Node n = object.members.get(field);
            return n == null ? object.line : n.line;
        }

        @Override
        int column(String field) {
            Node n = object.members.get(field);
            return n == null ? object.column : n.column;
        }

        @Override
        PropertyTree twin(String section) {
            Node n = object.members.get(section);
            if (n == null || n.kind == Kind.NULL) {
                return PropertyTree.empty();
            }
            if (n.kind != Kind.OBJECT) {
                problem(section, "is an object");
                return PropertyTree.empty();
            }
            return PropertyTree.parse(n.text);
        }
    }

    private enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    /** A JSON value with where it starts (and, for an object member, where its name starts). */
    private static final class Node {
        final Kind kind;
        final int line;
        final int column;
        Object value;
        String text;
        final List<Node> items = new ArrayList<>();
        final Map<String, Node> members = new LinkedHashMap<>();
        int keyLine;
        int keyColumn;

        Node(Kind kind, int line, int column) {
            this.kind = kind;
            this.line = line;
            this.column = column;
        }
    }

    /** A syntax error with its position. */
    private static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    /** A recursive-descent JSON parser that remembers positions. Not thread-safe. */
    private static final class Parser {
        private final String s;
        int pos;
        private int line = 1;
        private int lineStart;

        Parser(String s) {
            this.s = s;
        }

        private int column() {
            return pos - lineStart + 1;
        }

        SyntaxError error(String expected) {
            String found = pos >= s.length() ? "the end of the manifest" : describe(s.charAt(pos));
            return new SyntaxError("expected " + expected + ", found " + found, line, column());
        }

        private static String describe(char c) {
            return c < 0x20 || c > 0x7e ? "character U+" + String.format("%04X", (int) c) : "'" + c + "'";
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        Node value() throws SyntaxError {
            skipSpace();
            if (pos >= s.length()) {
                throw error("a value");
            }
            char c = s.charAt(pos);
            int l = line;
            int col = column();
            int start = pos;
            Node n;
            if (c == '{') {
                n = new Node(Kind.OBJECT, l, col);
                pos++;
                skipSpace();
                if (peek('}')) {
                    pos++;
                } else {
                    while (true) {
                        skipSpace();
                        int kl = line;
                        int kc = column();
                        if (!peek('"')) {
                            throw error("a field name in double quotes");
                        }
                        String name = string();
                        skipSpace();
                        expect(':');
                        Node v = value();
                        v.keyLine = kl;
                        v.keyColumn = kc;
                        if (n.members.putIfAbsent(name, v) != null) {
                            throw new SyntaxError("field \"" + name + "\" appears twice in one object", kl, kc);
                        }
                        skipSpace();
                        if (peek(',')) {
                            pos++;
                            continue;
                        }
                        expect('}');
                        break;
                    }
                }
            } else if (c == '[') {
                n = new Node(Kind.ARRAY, l, col);
                pos++;
                skipSpace();
                if (peek(']')) {
                    pos++;
                } else {
                    while (true) {
                        n.items.add(value());
                        skipSpace();
                        if (peek(',')) {
                            pos++;
                            continue;
                        }
                        expect(']');
                        break;
                    }
                }
            } else if (c == '"') {
                n = new Node(Kind.STRING, l, col);
                n.value = string();
            } else if (s.startsWith("true", pos) || s.startsWith("false", pos)) {
                n = new Node(Kind.BOOLEAN, l, col);
                n.value = s.startsWith("true", pos);
                pos += (Boolean) n.value ? 4 : 5;
            } else if (s.startsWith("null", pos)) {
                n = new Node(Kind.NULL, l, col);
                pos += 4;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                n = new Node(Kind.NUMBER, l, col);
                while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                    pos++;
                }
                n.value = s.substring(start, pos);
            } else {
                throw error("a value");
            }
            n.text = s.substring(start, pos);
            return n;
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) throws SyntaxError {
            skipSpace();
            if (!peek(c)) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private String string() throws SyntaxError {
            pos++; // the opening quote
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return out.toString();
                }
                if (c == '\n') {
                    throw error("the end of the string before the line ends");
                }
                if (c == '\\') {
                    pos++;
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos);
                    switch (e) {
                        case 'n':
                            out.append('\n');
                            break;
                        case 't':
                            out.append('\t');
                            break;
                        case 'r':
                            out.append('\r');
                            break;
                        case 'b':
                            out.append('\b');
                            break;
                        case 'f':
                            out.append('\f');
                            break;
                        case 'u':
                            if (pos + 4 >= s.length()) {
                                throw error("four hex digits after \\u");
                            }
                            try {
                                out.append((char) Integer.parseInt(s.substring(pos + 1, pos + 5), 16));
                            } catch (NumberFormatException x) {
                                throw error("four hex digits after \\u");
                            }
                            pos += 4;
                            break;
                        default:
                            out.append(e);
                    }
                    pos++;
                    continue;
                }
                out.append(c);
                pos++;
            }
            throw error("the closing '\"' of a string");
        }
    }
}

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

/**
 * Reads a CSV manifest of individual enrollments, reporting every bad row at once.
 *
 * <p>The format: RFC 4180 (fields separated by commas, quoted with {@code "} when they hold a comma, a quote, written
 * {@code ""}, or a line break); the first record is the header; blank lines and lines starting with {@code #} are
 * skipped. Columns, in any order, all but {@code registrationId} optional:
 * <ul>
 *   <li>{@code registrationId}: DPS's registration id;</li>
 *   <li>{@code deviceId}: the IoT Hub device id (default: the registration id);</li>
 *   <li>{@code attestation}: {@code symmetricKey} (default), {@code x509} or {@code tpm};</li>
 *   <li>{@code primaryKey}, {@code secondaryKey}: Base64 symmetric keys (empty: DPS generates them);</li>
 *   <li>{@code certificate}: the device's X.509 certificate, PEM (quoted) or Base64 DER;</li>
 *   <li>{@code endorsementKey}, {@code storageRootKey}: a TPM's keys, Base64;</li>
 *   <li>{@code iotHubs}: host names separated by {@code ;} (empty: every linked hub);</li>
 *   <li>{@code allocation}: {@code hashed} (default), {@code geoLatency}, {@code static} or {@code custom};</li>
 *   <li>{@code reprovision}: {@code migrate} (default), {@code reset} or {@code never};</li>
 *   <li>{@code edge}: {@code true} or {@code false} (default);</li>
 *   <li>{@code status}: {@code enabled} (default) or {@code disabled};</li>
 *   <li>{@code tag.<path>} and {@code desired.<path>}: a value of the initial twin at that dotted path, a string
 *   unless it starts with {@code =}, after which it is JSON ({@code =42}, {@code =true}, {@code ={"a":1}}); an empty
 *   cell sets nothing.</li>
 * </ul>
 * A problem names the line where its record starts, the field's column (1-based position in the record) and the
 * rule; a key's problem never shows the key. Stateless and thread-safe.
 */
public final class CsvManifest {

    /** The columns besides {@code tag.*} and {@code desired.*}. */
    public static final List<String> COLUMNS = List.of("registrationId", "deviceId", "attestation", "primaryKey",
            "secondaryKey", "certificate", "endorsementKey", "storageRootKey", "iotHubs", "allocation", "reprovision",
            "edge", "status");

    private CsvManifest() {
    }

    /** One CSV record: where it starts and its fields. */
    private record Record(int line, List<String> fields) {
    }

    /**
     * Reads a manifest.
     *
     * @param in the CSV text (read to its end, not closed)
     * @param source the manifest's name, for problems
     * @return the manifest with its good rows and every problem
     * @throws IOException if reading fails
     */
    public static Manifest parse(Reader in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        List<ManifestProblem> problems = new ArrayList<>();
        List<Record> records = records(in, source, problems);
        List<ManifestRow> rows = new ArrayList<>();
        if (records.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(new ManifestProblem(source, 1, 1, "", "the manifest has no header line"));
            }
            return new Manifest(source, rows, problems);
        }
        Record header = records.get(0);
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).trim();
            if (!COLUMNS.contains(name) && !isTwinColumn(name)) {
                problems.add(new ManifestProblem(source, header.line(), i + 1, name, "unknown column; the columns are "
                        + String.join(", ", COLUMNS) + ", tag.<path> and desired.<path>"));
            } else if (columns.putIfAbsent(name, i) != null) {
                problems.add(new ManifestProblem(source, header.line(), i + 1, name, "column repeated (first at "
                        + "column " + (columns.get(name) + 1) + ")"));
            }
        }
        if (!columns.containsKey("registrationId")) {
            problems.add(new ManifestProblem(source, header.line(), 1, "registrationId", "the header has no "
                    + "registrationId column"));
            return new Manifest(source, rows, problems);
        }
        Map<String, Integer> firstLine = new HashMap<>();
        for (Record r : records.subList(1, records.size())) {
            Row row = new Row(source, r, columns, header.fields().size(), problems);
            IndividualEnrollment e = row.enrollment();
            if (e == null) {
                continue;
            }
            Integer seen = firstLine.putIfAbsent(e.registrationId().toLowerCase(Locale.ROOT), r.line());
            if (seen != null) {
                problems.add(new ManifestProblem(source, r.line(), columns.get("registrationId") + 1,
                        "registrationId", "repeats the registration id of line " + seen + " (DPS ignores case)"));
                continue;
            }
            rows.add(new ManifestRow(r.line(), e));
        }
        problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
        return new Manifest(source, rows, problems);
    }

    private static boolean isTwinColumn(String name) {
        for (String prefix : List.of("tag.", "desired.")) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                try {
                    dev.fleetops.core.model.PropertyPath.parse(name.substring(prefix.length()));
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** One CSV record read as a row: cells by column name, positions by column index. */
    private static final class Row extends RowReader {
        private final Record record;
        private final Map<String, Integer> columns;
        private final int width;

        Row(String source, Record record, Map<String, Integer> columns, int width, List<ManifestProblem> problems) {
            super(source, problems);
            this.record = record;
            this.columns = columns;
            this.width = width;
        }

        @Override
        String cell(String column) {
            Integer i = columns.get(column);
            if (i == null || i >= record.fields().size()) {
                return "";
            }
            return record.fields().get(i).trim();
        }

        @Override
        int line(String column) {
            return record.line();
        }

        @Override
        int column(String column) {
            Integer i = columns.get(column);
            return i == null ? 1 : i + 1;
        }

        @Override
        PropertyTree twin(String section) {
            String prefix = section.equals("tags") ? "tag." : "desired.";
            PropertyTree tree = PropertyTree.empty();
            for (Map.Entry<String, Integer> c : columns.entrySet()) {
                if (!c.getKey().startsWith(prefix)) {
                    continue;
                }
                String v = cell(c.getKey());
                if (v.isEmpty()) {
                    continue;
                }
                Object value = v;
                if (v.startsWith("=")) {
                    try {
                        value = PropertyTree.parse("{\"v\":" + v.substring(1) + "}").get("v").orElse(null);
                    } catch (IllegalArgumentException e) {
                        problem(c.getKey(), "the value after '=' is not JSON");
                        continue;
                    }
                }
                tree = tree.with(c.getKey().substring(prefix.length()), value);
            }
            return tree;
        }

        @Override
        IndividualEnrollment enrollment() {
            if (record.fields().size() > width) {
                problems.add(new ManifestProblem(source, record.line(), width + 1, "", "the row has "
                        + record.fields().size() + " fields; the header has " + width));
                bad = true;
            }
            return super.enrollment();
        }
    }

    /** Splits the text into records (RFC 4180), noting the line each starts on; skips blank and comment lines. */
    private static List<Record> records(Reader in, String source, List<ManifestProblem> problems)
            throws IOException {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int startLine = 1;
        boolean quoted = false;
        boolean atRecordStart = true;
        boolean fieldStarted = false;
        int c = in.read();
        while (c != -1) {
            char ch = (char) c;
            if (atRecordStart && !quoted && field.length() == 0 && fields.isEmpty()) {
                startLine = line;
                if (ch == '#' || ch == '\n' || ch == '\r') {
                    // a comment or a blank line: skip to the end of the line
                    while (c != -1 && c != '\n') {
                        c = in.read();
                    }
                    line++;
                    c = in.read();
                    continue;
                }
                atRecordStart = false;
            }
            if (quoted) {
                if (ch == '"') {
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                        c = in.read();
                        continue;
                    }
                    quoted = false;
                    c = next;
                    continue;
                }
                if (ch == '\n') {
                    line++;
                }
                field.append(ch);
                c = in.read();
                continue;
            }
            if (ch == '"' && field.length() == 0 && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (ch == '\n' || ch == '\r') {
                // CR LF, LF or a lone CR ends the record
                int next = ch == '\r' ? in.read() : '\n';
                fields.add(field.toString());
                out.add(new Record(startLine, List.copyOf(fields)));
                fields.clear();
                field.setLength(0);
                fieldStarted = false;
                line++;
                atRecordStart = true;
                if (ch == '\r' && next != '\n') {
                    c = next;
                    continue;
                }
            } else {
                field.append(ch);
                fieldStarted = true;
            }
            c = in.read();
        }
        if (quoted) {
            problems.add(new ManifestProblem(source, startLine, fields.size() + 1, "", "a quoted field is not closed "
                    + "before the end of the manifest"));
        } else if (!atRecordStart || !fields.isEmpty() || field.length() > 0) {
            fields.add(field.toString());
            out.add(new Record(startLine, List.copyOf(fields)));
        }
        return out;
    }
}

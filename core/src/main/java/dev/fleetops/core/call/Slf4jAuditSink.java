package dev.fleetops.core.call;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TreeMap;

/**
 * Writes audit records to the slf4j logger {@code dev.fleetops.audit}, one line each, as {@code key=value} pairs.
 * Stateless and thread-safe.
 */
final class Slf4jAuditSink implements AuditSink {

    /** The logger name, so that applications can route the audit trail on its own. */
    public static final String LOGGER_NAME = "dev.fleetops.audit";

    /** The shared instance. */
    public static final Slf4jAuditSink INSTANCE = new Slf4jAuditSink();

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private Slf4jAuditSink() {
    }

    @Override
    public void record(AuditRecord record) {
        if (record.outcome() == AuditRecord.Outcome.SUCCEEDED) {
            if (LOG.isInfoEnabled()) {
                LOG.info(format(record));
            }
        } else if (LOG.isWarnEnabled()) {
            LOG.warn(format(record));
        }
    }

    /**
     * Formats a record as one line of {@code key=value} pairs; values with spaces, quotes or equals signs are
     * quoted, and line breaks are escaped so that one record is always one line.
     *
     * @param record the record
     * @return the line
     */
    public static String format(AuditRecord record) {
        StringBuilder b = new StringBuilder(160);
        pair(b, "time", record.time().toString());
        pair(b, "correlationId", record.correlationId());
        pair(b, "operator", record.operator().name());
        pair(b, "action", record.action().id());
        pair(b, "target", record.target());
        pair(b, "outcome", record.outcome().name());
        if (!record.failure().isEmpty()) {
            pair(b, "failure", record.failure());
        }
        if (!record.detail().isEmpty()) {
            pair(b, "detail", record.detail());
        }
        new TreeMap<>(record.attributes()).forEach((k, v) -> pair(b, k, v));
        return b.toString();
    }

    private static void pair(StringBuilder b, String key, String value) {
        if (b.length() > 0) {
            b.append(' ');
        }
        b.append(key).append('=').append(quote(value));
    }

    static String quote(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            return value;
        }
        StringBuilder q = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    q.append("\\\"");
                    break;
                case '\\':
                    q.append("\\\\");
                    break;
                case '\n':
                    q.append("\\n");
                    break;
                case '\r':
                    q.append("\\r");
                    break;
                case '\t':
                    q.append("\\t");
                    break;
                default:
                    if (c < ' ' || c == 0x7f) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
            }
        }
        return q.append('"').toString();
    }
}

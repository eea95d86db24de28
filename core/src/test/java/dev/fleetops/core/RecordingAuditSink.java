package dev.fleetops.core;

import dev.fleetops.core.call.AuditRecord;
import dev.fleetops.core.call.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit sink that keeps what it is given, for assertions. Thread-safe. */
public final class RecordingAuditSink implements AuditSink {

    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditRecord record) {
        records.add(record);
    }

    public List<AuditRecord> records() {
        return List.copyOf(records);
    }

    public AuditRecord last() {
        return records.get(records.size() - 1);
    }
}

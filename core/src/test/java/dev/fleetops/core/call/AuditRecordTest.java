package dev.fleetops.core.call;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditRecordTest {

    private static final String ID = "00000000-0000-0000-0000-000000000001";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void constructor_detailWithSecret_isRedacted() {
        AuditRecord r = new AuditRecord(Operator.of("alice"), Action.TWIN_PATCH, "device:d1",
                AuditRecord.Outcome.SUCCEEDED, "", ID, Map.of(), T,
                "desired={\"fw\":{\"url\":\"https://x/blob?sv=1&sig=SECRETSIG\"}}");

        assertThat(r.detail()).doesNotContain("SECRETSIG").contains("sig=***");
    }

    @Test
    void constructor_longDetail_isCut() {
        AuditRecord r = new AuditRecord(Operator.of("alice"), Action.TWIN_PATCH, "device:d1",
                AuditRecord.Outcome.SUCCEEDED, "", ID, Map.of(), T, "x".repeat(2000));

        assertThat(r.detail()).hasSize(AuditRecord.MAX_DETAIL);
    }

    @Test
    void constructor_failedWithoutFailure_throws() {
        assertThatThrownBy(() -> new AuditRecord(Operator.of("a"), Action.DEVICE_CREATE, "device:d",
                AuditRecord.Outcome.FAILED, "", ID, Map.of(), T, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_succeededWithFailure_throws() {
        assertThatThrownBy(() -> new AuditRecord(Operator.of("a"), Action.DEVICE_CREATE, "device:d",
                AuditRecord.Outcome.SUCCEEDED, "java.lang.RuntimeException", ID, Map.of(), T, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void format_record_isOneLineOfKeyValuePairs() {
        AuditRecord r = new AuditRecord(Operator.of("alice@example.com"), Action.DEVICE_DELETE, "device:d1",
                AuditRecord.Outcome.FAILED, "dev.fleetops.core.error.ServiceUnavailableException", ID, Map.of(), T,
                "hub said \"busy\"\nsecond line");

        String line = Slf4jAuditSink.format(r);

        assertThat(line).isEqualTo("time=2026-01-01T00:00:00Z correlationId=" + ID + " operator=alice@example.com "
                + "action=device.delete target=device:d1 outcome=FAILED "
                + "failure=dev.fleetops.core.error.ServiceUnavailableException detail=\"hub said \\\"busy\\\"\\nsecond line\"");
        assertThat(line).doesNotContain("\n");
    }
}

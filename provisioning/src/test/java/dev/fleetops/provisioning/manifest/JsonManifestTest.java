package dev.fleetops.provisioning.manifest;

import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON manifests: the same rules as CSV, with problems at the line and column of the offending value. */
class JsonManifestTest {

    private static final String KEY = SymmetricKey.generate().base64();

    private static Manifest parse(String json) throws IOException {
        return JsonManifest.parse(new StringReader(json), "devices.json");
    }

    @Test
    void aGoodManifest_readsEveryField() throws IOException {
        Manifest m = parse("""
                {"enrollments": [
                  {"registrationId": "th-0001", "primaryKey": "KEY", "iotHubs": ["hub-eu.azure-devices.net"],
                   "allocation": "static", "reprovision": "never", "edge": true, "status": "disabled",
                   "tags": {"region": "eu", "rack": 4}, "desired": {"fw": {"version": "1.0"}}},
                  {"registrationId": "th-0002", "deviceId": "thermo-2"}
                ]}
                """.replace("KEY", KEY));

        assertThat(m.problems()).isEmpty();
        assertThat(m.rows()).extracting(ManifestRow::line).containsExactly(2, 5);
        var first = m.rows().get(0).enrollment();
        assertThat(((Attestation.SymmetricKeys) first.attestation()).primary().base64()).isEqualTo(KEY);
        assertThat(first.settings().allocationPolicy()).isSameAs(AllocationPolicy.STATIC);
        assertThat(first.settings().iotEdge()).isTrue();
        assertThat(first.settings().enabled()).isFalse();
        assertThat(first.settings().initialTags().getLong("rack")).contains(4L);
        assertThat(first.settings().initialDesired().getString("fw.version")).contains("1.0");
        assertThat(m.rows().get(1).enrollment().deviceId().value()).isEqualTo("thermo-2");
    }

    @Test
    void everyBadEnrollment_isReportedAtItsValuesPosition_andNoKeyIsEchoed() throws IOException {
        String badKey = "!" + KEY.substring(1);
        Manifest m = parse("""
                [
                  {"registrationId": "ok-1"},
                  {"registrationId": "bad id"},
                  {"registrationId": "ok-2", "primaryKey": "BADKEY"},
                  {"registrationId": "ok-3", "edge": "yes", "colour": "red"},
                  {"deviceId": "no-registration"},
                  {"registrationId": "OK-1"},
                  42
                ]
                """.replace("BADKEY", badKey));

        assertThat(m.rows()).hasSize(1);
        assertThat(m.problems()).extracting(p -> p.line() + ":" + p.column() + " " + p.field()).containsExactly(
                "3:22 registrationId", "4:44 primaryKey", "5:38 edge", "5:45 colour", "6:3 registrationId",
                "7:22 registrationId", "8:3 ");
        assertThat(m.problems().toString()).doesNotContain(badKey).doesNotContain(KEY.substring(1, 12));
    }

    @Test
    void aSyntaxError_isReportedWithItsPosition() throws IOException {
        Manifest m = parse("{\"enrollments\": [\n  {\"registrationId\": \"a\",}\n]}");

        assertThat(m.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(26);
            assertThat(p.rule()).isEqualTo("expected a field name in double quotes, found '}'");
        });
    }

    @net.jqwik.api.Property(tries = 500)
    void anyText_isReadWithoutThrowing_andEveryProblemHasItsPosition(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.StringLength(max = 60)
            @net.jqwik.api.constraints.Chars({'{', '}', '[', ']', '"', ':', ',', 'a', '1', ' ', '\n', '\\', 'u'})
            String text) throws IOException {
        Manifest m = parse(text);

        m.problems().forEach(p -> {
            assertThat(p.line()).isBetween(1, text.split("\n", -1).length);
            assertThat(p.column()).isPositive();
        });
        if (m.problems().isEmpty()) {
            assertThat(text.trim()).startsWith("[").endsWith("]"); // only an empty list is a valid manifest here
        }
    }

    @net.jqwik.api.Property(tries = 300)
    void anyTagValue_roundTripsThroughJsonEscaping(@net.jqwik.api.ForAll
            @net.jqwik.api.constraints.StringLength(max = 30) String value) throws IOException {
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t");
        StringBuilder safe = new StringBuilder();
        for (char c : escaped.toCharArray()) {
            safe.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        Manifest m = parse("[{\"registrationId\": \"d1\", \"tags\": {\"note\": \"" + safe + "\"}}]");

        assertThat(m.problems()).isEmpty();
        assertThat(m.rows().get(0).enrollment().settings().initialTags().getString("note")).contains(value);
    }
}

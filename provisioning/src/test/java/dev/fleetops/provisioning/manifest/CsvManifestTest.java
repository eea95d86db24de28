package dev.fleetops.provisioning.manifest;

import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.ReprovisionPolicy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CSV manifests: every column, every bad row reported at once with its line, column and rule, no key echoed. */
class CsvManifestTest {

    private static final String KEY = SymmetricKey.generate().base64();

    private static Manifest parse(String csv) throws IOException {
        return CsvManifest.parse(new StringReader(csv), "devices.csv");
    }

    @Test
    void aGoodManifest_givesOneEnrollmentPerRow_withEveryColumn() throws IOException {
        Manifest m = parse("""
                # factory line A, batch 7
                registrationId,deviceId,primaryKey,iotHubs,allocation,reprovision,edge,status,tag.region,desired.fw.version,tag.rack
                th-0001,,KEY,hub-eu.azure-devices.net,static,reset,false,enabled,eu,1.0,=4
                th-0002,thermo-2,,hub-eu.azure-devices.net;hub-us.azure-devices.net,geoLatency,,true,disabled,"eu, west",,

                """.replace("KEY", KEY));

        assertThat(m.problems()).isEmpty();
        assertThat(m.rows()).hasSize(2);
        var first = m.rows().get(0);
        assertThat(first.line()).isEqualTo(3);
        assertThat(first.enrollment().deviceId().value()).isEqualTo("th-0001");
        assertThat(((Attestation.SymmetricKeys) first.enrollment().attestation()).primary().base64()).isEqualTo(KEY);
        assertThat(first.enrollment().settings().allocationPolicy()).isSameAs(AllocationPolicy.STATIC);
        assertThat(first.enrollment().settings().reprovisionPolicy()).isEqualTo(ReprovisionPolicy.RESET);
        assertThat(first.enrollment().settings().initialTags().getLong("rack")).contains(4L);
        assertThat(first.enrollment().settings().initialDesired().getString("fw.version")).contains("1.0");
        var second = m.rows().get(1).enrollment();
        assertThat(second.deviceId().value()).isEqualTo("thermo-2");
        assertThat(second.settings().iotHubs()).hasSize(2);
        assertThat(second.settings().iotEdge()).isTrue();
        assertThat(second.settings().enabled()).isFalse();
        assertThat(second.settings().initialTags().getString("region")).contains("eu, west");
        assertThat(((Attestation.SymmetricKeys) second.attestation()).primary()).isNull(); // DPS generates it
    }

    @Test
    void everyBadRow_isReportedAtOnce_withLineColumnAndRule_andNoKeyIsEchoed() throws IOException {
        String badKey = KEY.substring(0, 10) + "!" + KEY.substring(11);
        Manifest m = parse("""
                registrationId,primaryKey,allocation,edge,iotHubs,colour
                ok-1,,hashed,false,,
                bad id,,,,,
                ok-2,BADKEY,,,,
                ok-3,,static,maybe,,
                OK-1,,,,,
                ok-4,,,,,,extra
                """.replace("BADKEY", badKey));

        assertThat(m.rows()).extracting(r -> r.enrollment().registrationId()).containsExactly("ok-1");
        assertThat(m.problems()).extracting(ManifestProblem::toString).containsExactly(
                "devices.csv:1:6: colour: unknown column; the columns are registrationId, deviceId, attestation, "
                        + "primaryKey, secondaryKey, certificate, endorsementKey, storageRootKey, iotHubs, allocation, "
                        + "reprovision, edge, status, tag.<path> and desired.<path>",
                "devices.csv:3:1: registrationId: registration id has ' ' at position 4; DPS takes a-z, A-Z, 0-9, "
                        + "'-', '.', '_' and ':'",
                "devices.csv:4:2: primaryKey: primaryKey is not Base64: position 11 of 88 holds a character outside "
                        + "A-Z, a-z, 0-9, '+', '/' and final '='",
                "devices.csv:5:3: allocation: allocationPolicy static needs exactly one hub in iotHubs, not 0",
                "devices.csv:5:4: edge: 'maybe' is neither true nor false",
                "devices.csv:6:1: registrationId: repeats the registration id of line 2 (DPS ignores case)",
                "devices.csv:7:7: the row has 7 fields; the header has 6");
        assertThat(m.problems().toString()).doesNotContain(badKey).doesNotContain(KEY.substring(0, 10));
        assertThatThrownBy(m::check).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("has 7 bad rows; nothing was applied")
                .satisfies(e -> assertThat(((InvalidManifestException) e).problems()).hasSize(7));
    }

    @Test
    void aManifestWithoutHeaderOrRegistrationIdColumn_orAnOpenQuote_isRefusedWithTheReason() throws IOException {
        assertThat(parse("").problems()).extracting(ManifestProblem::rule).containsExactly("the manifest has no "
                + "header line");
        assertThat(parse("deviceId\nd1\n").problems()).extracting(ManifestProblem::rule)
                .containsExactly("the header has no registrationId column");
        assertThat(parse("registrationId,tag.note\nd1,\"never closed\n").problems()).extracting(ManifestProblem::line,
                ManifestProblem::rule).containsExactly(org.assertj.core.groups.Tuple.tuple(2, "a quoted field is not "
                + "closed before the end of the manifest"));
    }

    @Test
    void quotedFieldsSpanningLines_keepTheLineWhereTheirRecordStarts() throws IOException {
        Manifest m = parse("registrationId,tag.note\r\nd1,\"two\r\nlines\"\r\nd 2,x\r\n");

        assertThat(m.rows()).hasSize(1);
        assertThat(m.rows().get(0).enrollment().settings().initialTags().getString("note")).contains("two\r\nlines");
        assertThat(m.problems()).extracting(ManifestProblem::line).containsExactly(4);
    }

    @Test
    void everyLineEnding_endsARecord_andCountsItsLine() throws IOException {
        Manifest m = parse("registrationId\rd1\nd2\r\nd 3\r");

        assertThat(m.rows()).extracting(ManifestRow::line).containsExactly(2, 3);
        assertThat(m.problems()).extracting(ManifestProblem::line).containsExactly(4);
    }

    @Property(tries = 300)
    void anyTextInAQuotedCell_roundTrips(@ForAll @StringLength(max = 40) @Chars({'a', 'b', ',', '"', '\n', ' ',
            'é', '='}) String text) throws IOException {
        String cell = "\"" + text.replace("\"", "\"\"") + "\"";
        Manifest m = parse("registrationId,tag.note\nd1," + cell + "\n");

        String kept = text.trim();
        if (kept.startsWith("=")) {
            // JSON after '=': a value, or a problem naming the cell; never a silent drop
            assertThat(m.rows().size() + m.problems().size()).isEqualTo(1);
            m.problems().forEach(p -> assertThat(p.field()).isEqualTo("tag.note"));
            return;
        }
        assertThat(m.problems()).isEmpty();
        if (kept.isEmpty()) {
            assertThat(m.rows().get(0).enrollment().settings().initialTags().isEmpty()).isTrue();
        } else {
            assertThat(m.rows().get(0).enrollment().settings().initialTags().getString("note")).contains(kept);
        }
    }
}

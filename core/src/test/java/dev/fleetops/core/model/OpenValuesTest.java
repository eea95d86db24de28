package dev.fleetops.core.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The values IoT Hub may extend: a name this client does not know is read, kept and never coerced. */
class OpenValuesTest {

    @Test
    void of_knownNames_returnTheConstants_caseIgnored() {
        assertThat(DeviceStatus.of("enabled")).isSameAs(DeviceStatus.ENABLED);
        assertThat(DeviceStatus.of("Disabled")).isSameAs(DeviceStatus.DISABLED);
        assertThat(AuthenticationType.of("selfSigned")).isSameAs(AuthenticationType.SELF_SIGNED);
        assertThat(AuthenticationType.of("CERTIFICATE_AUTHORITY")).isSameAs(AuthenticationType.CERTIFICATE_AUTHORITY);
        assertThat(ConnectionState.of("connected")).isSameAs(ConnectionState.CONNECTED);
        assertThat(ConfigurationStatus.of("Applied")).isSameAs(ConfigurationStatus.APPLIED);
        assertThat(JobStatus.of("running")).isSameAs(JobStatus.RUNNING);
        assertThat(JobStatus.of("enqueued")).isSameAs(JobStatus.QUEUED);
        assertThat(DeviceJobStatus.of("cancelled")).isSameAs(DeviceJobStatus.CANCELLED);
    }

    @Test
    void of_unknownName_keepsTheHubsText() {
        DeviceStatus suspended = DeviceStatus.of("suspended");
        assertThat(suspended.isUnknown()).isTrue();
        assertThat(suspended.isKnown()).isFalse();
        assertThat(suspended.wireName()).isEqualTo("suspended");
        assertThat(suspended).isEqualTo(DeviceStatus.of("suspended")).isNotEqualTo(DeviceStatus.ENABLED)
                .isNotEqualTo(DeviceStatus.DISABLED).hasToString("UNKNOWN(suspended)");
        assertThat(DeviceStatus.values()).containsExactly(DeviceStatus.ENABLED, DeviceStatus.DISABLED);
        assertThat(JobStatus.of("paused").isFinal()).isFalse();
        assertThat(DeviceStatus.ENABLED).hasToString("ENABLED");
        assertThat(DeviceStatus.ENABLED.wireName()).isEqualTo("enabled");
    }

    @Test
    void toString_ofAnUnknownValue_escapesControlCharacters() {
        assertThat(JobStatus.of("a\nb\u202e").toString()).doesNotContain("\n").doesNotContain("\u202e");
    }

    @Property(tries = 300)
    void everyType_readsAnyNameWithoutThrowing_andKeepsItWhenUnknown(
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String name) {
        List<Function<String, ? extends OpenValue>> parsers = List.of(DeviceStatus::of, AuthenticationType::of,
                ConnectionState::of, ConfigurationStatus::of, JobStatus::of, DeviceJobStatus::of);
        for (Function<String, ? extends OpenValue> parse : parsers) {
            OpenValue v = parse.apply(name);
            if (v.isUnknown()) {
                assertThat(v.wireName()).isEqualTo(name);
            } else {
                assertThat(v.wireName().equalsIgnoreCase(name) || v.name().equalsIgnoreCase(name)
                        || name.equalsIgnoreCase("enqueued") || name.equalsIgnoreCase("canceled")).isTrue();
            }
            assertThat(parse.apply(name)).isEqualTo(v);
        }
    }

    @Test
    void twinDocument_withNamesTheHubMayAddTomorrow_readsAndWritesThemBack() {
        PropertyTree doc = PropertyTree.parse("{\"deviceId\":\"d1\",\"status\":\"suspended\","
                + "\"connectionState\":\"Reconnecting\",\"authenticationType\":\"tpm\","
                + "\"configurations\":{\"c1\":{\"status\":\"Pending\"},\"c2\":{\"status\":\"Applied\"}}}");

        Twin twin = Twin.fromTree(doc);

        assertThat(twin.status().wireName()).isEqualTo("suspended");
        assertThat(twin.connectionState().wireName()).isEqualTo("Reconnecting");
        assertThat(twin.authenticationType().wireName()).isEqualTo("tpm");
        assertThat(twin.configurations().get("c1").wireName()).isEqualTo("Pending");
        assertThat(twin.configurations().get("c2")).isSameAs(ConfigurationStatus.APPLIED);
        assertThat(twin.toTree().getString("status")).contains("suspended");
        assertThat(twin.toTree().getString("connectionState")).contains("Reconnecting");
    }
}

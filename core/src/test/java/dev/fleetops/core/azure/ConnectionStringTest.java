package dev.fleetops.core.azure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStringTest {

    /** A recognisable key: any message that shows part of it is a leak. */
    private static final String KEY = "c2VjcmV0LWtleS1zZWNyZXQta2V5LXNlY3JldC1rZXk=";

    @Test
    void parse_serviceConnectionString_readsTheThreeFields() {
        ConnectionString cs = ConnectionString.parse(
                "HostName=my-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY);

        assertThat(cs.hostName()).isEqualTo("my-hub.azure-devices.net");
        assertThat(cs.keyName()).isEqualTo("service");
        assertThat(cs.key()).isEqualTo(java.util.Base64.getDecoder().decode(KEY));
    }

    @Test
    void parse_namesIgnoreCaseOrderAndSpacesAndATrailingSemicolon() {
        ConnectionString cs = ConnectionString.parse(
                " sharedaccesskey=" + KEY + " ; HOSTNAME=hub.example.net;SharedAccessKeyName=iothubowner; ");

        assertThat(cs.hostName()).isEqualTo("hub.example.net");
        assertThat(cs.keyName()).isEqualTo("iothubowner");
    }

    @Test
    void parse_hostWithPort_isAccepted() {
        assertThat(ConnectionString.parse("HostName=localhost:8443;SharedAccessKeyName=p;SharedAccessKey=" + KEY)
                .hostName()).isEqualTo("localhost:8443");
    }

    @Test
    void parse_missingHostName_namesTheField() {
        assertThatThrownBy(() -> ConnectionString.parse("SharedAccessKeyName=p;SharedAccessKey=" + KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IoT Hub connection string has no HostName");
    }

    @Test
    void parse_missingKeyName_namesTheField() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKey=" + KEY))
                .hasMessage("IoT Hub connection string has no SharedAccessKeyName");
    }

    @Test
    void parse_missingKey_namesTheField() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p"))
                .hasMessage("IoT Hub connection string has no SharedAccessKey");
    }

    @Test
    void parse_emptyKey_namesTheField() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;SharedAccessKey="))
                .hasMessage("IoT Hub connection string: SharedAccessKey is empty");
    }

    @Test
    void parse_keyNotBase64_saysSoWithoutShowingIt() {
        String bad = "not*base64*at*all*" + KEY;
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;SharedAccessKey="
                + bad))
                .hasMessageContaining("SharedAccessKey (part 3) is not valid base64: '*' (U+002A) at position 57")
                .hasMessageNotContaining("base64*at")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void parse_deviceConnectionString_isRefusedWithTheReason() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;DeviceId=d1;SharedAccessKey=" + KEY))
                .hasMessageContaining("device connection string")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void parse_unknownField_namesOnlyTheField() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;SharedAccessKey="
                + KEY + ";GatewayHostName=gw"))
                .hasMessageContaining("part 4 (at position 99) has an unknown field name")
                .hasMessageNotContaining("GatewayHostName")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void parse_duplicateField_isRefused() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=a.net;HostName=b.net;SharedAccessKeyName=p;"
                + "SharedAccessKey=" + KEY)).hasMessage("IoT Hub connection string names HostName twice (parts 1 and 2)");
    }

    @Test
    void parse_partWithoutEquals_neverEchoesIt() {
        // A key pasted without its name must not come back in the message.
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;" + KEY.replace("=",
                "")))
                .hasMessageStartingWith("IoT Hub connection string: part 3 (at position 38) is not of the form Name=value")
                .hasMessageNotContaining(KEY.substring(0, 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void parse_blank_explainsTheFormat(String text) {
        assertThatThrownBy(() -> ConnectionString.parse(text)).hasMessageContaining("HostName=<hub>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hub.net", "hub.net/path", "hub net", "hub.net:0", "hub.net:70000", "hub.net:x"})
    void parse_badHostName_isRefusedNamingTheFieldNotTheHost(String host) {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=" + host + ";SharedAccessKeyName=p;"
                + "SharedAccessKey=" + KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HostName (part 1)")
                .hasMessageContaining("(the value is not shown)")
                .hasMessageNotContaining(host)
                .hasMessageNotContaining(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "\n", "\r\n", " ", ", "})
    void parse_wrongSeparator_namesTheCharacterAndPositionNotTheText(String separator) {
        String text = String.join(separator, "HostName=h.net", "SharedAccessKeyName=p", "SharedAccessKey=" + KEY);

        assertThatThrownBy(() -> ConnectionString.parse(text))
                .hasMessageStartingWith("IoT Hub connection string: HostName (part 1) has ")
                .hasMessageContaining("at position 15 of a host name")
                .hasMessageContaining("separated by ';' alone")
                .hasMessageNotContaining("SharedAccessKey=")
                .hasMessageNotContaining(KEY.substring(0, 6))
                .hasMessageNotContaining(KEY.substring(KEY.length() - 7, KEY.length() - 1));
    }

    @Test
    void parse_keyPastedTwice_neverEchoesIt() {
        // The key ends in '=', so the second copy reads as a field named after the key.
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;SharedAccessKey=" + KEY
                + ";" + KEY))
                .hasMessageStartingWith("IoT Hub connection string: part 4 (at position 99) has an unknown field name")
                .hasMessageNotContaining(KEY.substring(0, 6));
    }

    @Test
    void parse_missingSemicolonBeforeTheKey_neverEchoesIt() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=pSharedAccessKey=" + KEY
                + ";SharedAccessKey=" + KEY))
                .hasMessageStartingWith("IoT Hub connection string: SharedAccessKeyName (part 2) has '=' (U+003D) at"
                        + " position 52")
                .hasMessageNotContaining(KEY.substring(0, 6));
    }

    @Test
    void checkHostName_connectionStringGiven_namesTheFieldAndPositionOnly() {
        String cs = "HostName=h.net;SharedAccessKeyName=p;SharedAccessKey=" + KEY;

        assertThatThrownBy(() -> ConnectionString.checkHostName(cs, "hostName"))
                .hasMessage("hostName has '=' (U+003D) at position 9 of a host name; expected a DNS name such as"
                        + " my-hub.azure-devices.net, optionally with :port; fields of a connection string are"
                        + " separated by ';' alone (the value is not shown)");
    }

    @Test
    void checkHostName_bidiControl_isNamedByCodePoint() {
        assertThatThrownBy(() -> ConnectionString.checkHostName("hub\u202e.net", "hostName"))
                .hasMessageStartingWith("hostName has U+202E at position 4 of a host name")
                .hasMessageNotContaining("\u202e");
    }

    @Test
    void checkEndpoint_singleLabelWithoutPort_isRefused() {
        assertThatThrownBy(() -> ConnectionString.checkEndpoint("c2VjcmV0LWtleS1zZWNyZXQta2V5", "endpoint"))
                .hasMessageContaining("neither a fully qualified host name nor host:port")
                .hasMessageNotContaining("c2VjcmV0");
        ConnectionString.checkEndpoint("localhost:8443", "endpoint");
    }

    @Test
    void toString_masksTheKey() {
        ConnectionString cs = ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;SharedAccessKey=" + KEY);

        assertThat(cs.toString()).contains("HostName=h.net").contains("SharedAccessKey=***").doesNotContain(KEY);
    }

    @Test
    void parse_null_throwsNullPointer() {
        assertThatThrownBy(() -> ConnectionString.parse(null)).isInstanceOf(NullPointerException.class);
    }
}

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
                .hasMessageContaining("SharedAccessKey is not valid base64")
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
                .hasMessageContaining("unknown field 'GatewayHostName'")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void parse_duplicateField_isRefused() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=a.net;HostName=b.net;SharedAccessKeyName=p;"
                + "SharedAccessKey=" + KEY)).hasMessage("IoT Hub connection string names HostName twice");
    }

    @Test
    void parse_partWithoutEquals_neverEchoesIt() {
        // A key pasted without its name must not come back in the message.
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h.net;SharedAccessKeyName=p;" + KEY.replace("=",
                "")))
                .hasMessage("IoT Hub connection string: part 3 is not of the form Name=value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void parse_blank_explainsTheFormat(String text) {
        assertThatThrownBy(() -> ConnectionString.parse(text)).hasMessageContaining("HostName=<hub>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hub.net", "hub.net/path", "hub net", "hub.net:0", "hub.net:70000", "hub.net:x"})
    void parse_badHostName_isRefusedNamingTheHost(String host) {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=" + host + ";SharedAccessKeyName=p;"
                + "SharedAccessKey=" + KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host name")
                .hasMessageNotContaining(KEY);
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

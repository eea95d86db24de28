package dev.fleetops.core.azure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureIotHubBuilderTest {

    private static final String KEY = "c2VjcmV0LWtleS1zZWNyZXQta2V5LXNlY3JldC1rZXk=";
    private static final String CS = "HostName=my-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey="
            + KEY;

    @Test
    void build_fromConnectionString_describesHostWithoutSecrets() {
        try (AzureIotHub hub = AzureIotHub.builder().connectionString(CS).build()) {
            assertThat(hub.describe()).isEqualTo("azure:my-hub.azure-devices.net");
            assertThat(hub.hostName()).isEqualTo("my-hub.azure-devices.net");
            assertThat(hub.endpoint()).isEqualTo("my-hub.azure-devices.net");
            assertThat(hub.toString()).contains("my-hub.azure-devices.net").contains("shared access policy 'service'")
                    .doesNotContain(KEY).doesNotContain("sig=");
        }
    }

    @Test
    void build_withEndpoint_describesBoth() {
        try (AzureIotHub hub = AzureIotHub.builder().connectionString(CS).endpoint("localhost:8443").build()) {
            assertThat(hub.describe()).isEqualTo("azure:my-hub.azure-devices.net via localhost:8443");
            assertThat(hub.endpoint()).isEqualTo("localhost:8443");
        }
    }

    @Test
    void build_withProviders() {
        try (AzureIotHub sas = AzureIotHub.builder().hostName("h.azure-devices.net")
                .sasTokenProvider(() -> "SharedAccessSignature sr=h&sig=SECRET&se=1&skn=p").build();
             AzureIotHub aad = AzureIotHub.builder().hostName("h.azure-devices.net")
                     .accessTokenProvider(s -> new AccessToken("SECRETTOKEN", Instant.MAX)).build()) {
            assertThat(sas.toString()).contains("SAS token provider").doesNotContain("SECRET");
            assertThat(aad.toString()).contains("access token provider").doesNotContain("SECRET");
        }
    }

    @Test
    void build_nothingGiven_isAnIllegalState() {
        assertThatThrownBy(() -> AzureIotHub.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connectionString");
    }

    @Test
    void build_connectionStringAndHostName_isContradictory() {
        assertThatThrownBy(() -> AzureIotHub.builder().connectionString(CS).hostName("other.net").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both");
    }

    @Test
    void build_connectionStringAndProvider_isContradictory() {
        assertThatThrownBy(() -> AzureIotHub.builder().connectionString(CS).sasTokenProvider(() -> "x").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void build_hostNameWithoutOrWithTwoProviders_isAnIllegalState() {
        assertThatThrownBy(() -> AzureIotHub.builder().hostName("h.net").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a credential");
        assertThatThrownBy(() -> AzureIotHub.builder().hostName("h.net").sasTokenProvider(() -> "x")
                .accessTokenProvider(s -> new AccessToken("t", Instant.MAX)).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settings_outOfRange_areRefused() {
        assertThatThrownBy(() -> AzureIotHub.builder().readTimeoutSeconds(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeoutSeconds");
        assertThatThrownBy(() -> AzureIotHub.builder().connectTimeoutSeconds(301))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AzureIotHub.builder().sasTokenLifetime(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AzureIotHub.builder().endpoint("https://localhost:1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionString_malformed_failsAtOnceWithoutTheKey() {
        assertThatThrownBy(() -> AzureIotHub.builder().connectionString("HostName=h.net;SharedAccessKey=" + KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY);
    }

    @Test
    void builderToString_neverShowsSecrets() {
        AzureIotHub.Builder b = AzureIotHub.builder().connectionString(CS);

        assertThat(b.toString()).contains("connectionString=set").doesNotContain(KEY);
    }

    @Test
    void sasTokenProvider_isNotAskedUntilACall() {
        int[] asked = {0};
        try (AzureIotHub hub = AzureIotHub.builder().hostName("h.net").sasTokenProvider(() -> {
            asked[0]++;
            return "SharedAccessSignature sr=h&sig=s&se=1&skn=p";
        }).build()) {
            assertThat(asked[0]).isZero();
            assertThat(hub.describe()).isEqualTo("azure:h.net");
        }
    }
}

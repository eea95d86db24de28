package dev.fleetops.core.azure;

import dev.fleetops.core.error.FleetClientException;
import dev.fleetops.testkit.emulator.Exchange;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider credentials reach both the SDK's clients and the adapter's own REST calls. */
class AzureCredentialsOnEmulatorTest {

    private final EmulatedAzureHub env = new EmulatedAzureHub();

    @AfterEach
    void close() {
        env.close();
    }

    private List<String> authorizations() {
        return env.emulator.exchanges().stream().map(e -> e.requestHeader("Authorization").orElse(""))
                .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void accessTokenProvider_sendsBearerTokensForTheIotHubScope() {
        String[] scope = {""};
        try (AzureIotHub hub = AzureIotHub.builder().hostName("test-hub.azure-devices.net")
                .endpoint(env.emulator.hostName())
                .accessTokenProvider(s -> {
                    scope[0] = s;
                    return new AccessToken("entra-token", Instant.now().plusSeconds(3600));
                }).build()) {
            hub.registry().create(Device.of(DeviceId.of("d1")));   // SDK
            hub.twins().get(DeviceId.of("d1"));                      // REST
        }

        assertThat(scope[0]).isEqualTo("https://iothubs.azure.net/.default");
        assertThat(authorizations()).hasSize(2).containsOnly("Bearer entra-token");
    }

    @Test
    void sasTokenProvider_sendsTheProvidersCurrentToken() {
        String[] token = {"SharedAccessSignature sr=test-hub.azure-devices.net&sig=one&se=1&skn=p"};
        try (AzureIotHub hub = AzureIotHub.builder().hostName("test-hub.azure-devices.net")
                .endpoint(env.emulator.hostName())
                .sasTokenProvider(() -> token[0]).build()) {
            hub.registry().create(Device.of(DeviceId.of("d1")));
            token[0] = "SharedAccessSignature sr=test-hub.azure-devices.net&sig=two&se=2&skn=p";
            hub.registry().get(DeviceId.of("d1"));
            hub.twins().get(DeviceId.of("d1"));
        }

        assertThat(authorizations()).containsExactly(
                "SharedAccessSignature sr=test-hub.azure-devices.net&sig=one&se=1&skn=p",
                "SharedAccessSignature sr=test-hub.azure-devices.net&sig=two&se=2&skn=p",
                "SharedAccessSignature sr=test-hub.azure-devices.net&sig=two&se=2&skn=p");
    }

    @Test
    void failingProvider_failsTheCallClientSideWithoutSendingIt() {
        try (AzureIotHub hub = AzureIotHub.builder().hostName("test-hub.azure-devices.net")
                .endpoint(env.emulator.hostName())
                .sasTokenProvider(() -> {
                    throw new IllegalStateException("vault unreachable");
                }).build()) {
            assertThatThrownBy(() -> hub.registry().get(DeviceId.of("d1")))
                    .isInstanceOf(FleetClientException.class).hasMessageContaining("vault unreachable");
        }
        assertThat(env.emulator.exchanges()).extracting(Exchange::path).isEmpty();
    }
}

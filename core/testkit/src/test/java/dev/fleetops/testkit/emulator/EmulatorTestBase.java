package dev.fleetops.testkit.emulator;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.fleetops.core.time.VirtualClock;
import dev.fleetops.core.embedded.EmbeddedHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh embedded hub on a virtual clock behind a fresh emulator for each test, the real SDK clients pointed at
 * it, and a spec check of every exchange after each test. Not thread-safe; tests run one at a time.
 */
abstract class EmulatorTestBase {

    protected VirtualClock clock;
    protected EmbeddedHub hub;
    protected IotHubEmulator emulator;
    /** Set by tests that send malformed requests on purpose. */
    protected boolean skipSpecCheck;
    private HttpClient http;

    @BeforeAll
    static void trustEmulator() {
        TestTls.install();
    }

    @AfterAll
    static void untrustEmulator() {
        TestTls.uninstall();
    }

    @BeforeEach
    void startEmulator() {
        clock = VirtualClock.create();
        hub = EmbeddedHub.builder().clock(clock).build();
        emulator = startEmulator(hub);
        http = HttpClient.newBuilder().sslContext(TestTls.sslContext()).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Starts the emulator; tests that need other settings override this. */
    protected IotHubEmulator startEmulator(EmbeddedHub hub) {
        return IotHubEmulator.start(hub);
    }

    @AfterEach
    void stopEmulator() {
        try {
            if (!skipSpecCheck) {
                SpecConformance.assertConforms(emulator.exchanges());
            }
        } finally {
            emulator.close();
        }
    }

    protected AzureSasCredential credential() {
        return new AzureSasCredential(emulator.sasToken());
    }

    protected RegistryClient registryClient() {
        return new RegistryClient(emulator.hostName(), credential());
    }

    protected TwinClient twinClient() {
        return new TwinClient(emulator.hostName(), credential());
    }

    protected QueryClient queryClient() {
        return new QueryClient(emulator.hostName(), credential());
    }

    protected ConfigurationsClient configurationsClient() {
        return new ConfigurationsClient(emulator.hostName(), credential());
    }

    protected ScheduledJobsClient jobsClient() {
        return new ScheduledJobsClient(emulator.hostName(), credential());
    }

    protected DirectMethodsClient methodsClient() {
        // 2.1.9 caps a method call at the HTTP read timeout; keep it above the method timeouts used here
        return new DirectMethodsClient(emulator.hostName(), credential(),
                DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(60).build());
    }

    /** Sends a REST call with the emulator's SAS, api-version 2021-04-12 appended to {@code pathAndQuery}. */
    protected HttpResponse<String> rest(String method, String pathAndQuery, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery + sep
                        + "api-version=" + IotHubEmulator.API_VERSION))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", emulator.sasToken())
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package dev.fleetops.core.azure;

import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClientOptions;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClientOptions;
import dev.fleetops.core.error.FleetClientException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.Redactor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the services of one {@link AzureIotHub} share: the SDK clients, the REST client, the credentials, and the
 * wrapper that turns SDK failures into FleetOps exceptions. Thread-safe: the SDK's HTTP clients keep no per-call
 * state.
 */
final class AzureContext {

    final String hostName;
    final String endpoint;
    final Credentials credentials;
    final HubRest rest;
    final Clock clock;
    final int connectTimeoutSeconds;
    final int readTimeoutSeconds;
    final RegistryClient registry;
    final ConfigurationsClient configurations;
    final ScheduledJobsClient jobs;
    private final AtomicBoolean closed = new AtomicBoolean();

    AzureContext(String hostName, String endpoint, Credentials credentials, Clock clock, int connectTimeoutSeconds,
                 int readTimeoutSeconds) {
        this.hostName = hostName;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.clock = clock;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.readTimeoutSeconds = readTimeoutSeconds;
        this.rest = new HubRest(endpoint, credentials, Duration.ofSeconds(connectTimeoutSeconds),
                Duration.ofSeconds(readTimeoutSeconds), clock);
        RegistryClientOptions registryOptions = RegistryClientOptions.builder()
                .httpConnectTimeoutSeconds(connectTimeoutSeconds).httpReadTimeoutSeconds(readTimeoutSeconds).build();
        ConfigurationsClientOptions configurationOptions = ConfigurationsClientOptions.builder()
                .httpConnectTimeoutSeconds(connectTimeoutSeconds).httpReadTimeoutSeconds(readTimeoutSeconds).build();
        ScheduledJobsClientOptions jobOptions = ScheduledJobsClientOptions.builder()
                .httpConnectTimeoutSeconds(connectTimeoutSeconds).httpReadTimeoutSeconds(readTimeoutSeconds).build();
        if (credentials.sasCredential() != null) {
            this.registry = new RegistryClient(endpoint, credentials.sasCredential(), registryOptions);
            this.configurations = new ConfigurationsClient(endpoint, credentials.sasCredential(), configurationOptions);
            this.jobs = new ScheduledJobsClient(endpoint, credentials.sasCredential(), jobOptions);
        } else {
            this.registry = new RegistryClient(endpoint, credentials.tokenCredential(), registryOptions);
            this.configurations = new ConfigurationsClient(endpoint, credentials.tokenCredential(),
                    configurationOptions);
            this.jobs = new ScheduledJobsClient(endpoint, credentials.tokenCredential(), jobOptions);
        }
    }

    /** An SDK call. */
    @FunctionalInterface
    interface SdkCall<T> {
        T call() throws IOException, IotHubException;
    }

    /**
     * Makes one SDK call and maps its failures: {@link IotHubException} by status and error code, {@link IOException}
     * to a retryable {@code TransportException}, and the SDK's own {@code IllegalArgumentException}s (it throws them
     * when it cannot read an answer) to a {@code FleetClientException}.
     */
    <T> T sdk(String operation, Target target, SdkCall<T> call) {
        checkOpen();
        credentials.refresh();
        try {
            return call.call();
        } catch (IotHubException e) {
            throw AzureErrors.fromSdk(e, operation, target);
        } catch (IOException e) {
            throw AzureErrors.fromIo(e, operation, target);
        } catch (FleetException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException
                 | com.google.gson.JsonParseException e) {
            throw new FleetClientException(operation + " " + target.describe() + ": the hub's answer could not be"
                    + " read: " + Redactor.describe(e), e);
        }
    }

    /** A REST call's answer body, with the same open check. */
    HubRest.Response rest(String method, String path, String body, String ifMatch, String operation, Target target,
                          String... headers) {
        checkOpen();
        return rest.send(method, path, body, ifMatch, operation, target, headers);
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("AzureIotHub for " + hostName + " is closed");
        }
    }

    /** Marks the context closed; the JDK 17 HTTP client and the SDK's clients hold nothing that needs releasing. */
    void close() {
        closed.set(true);
    }

    /** Reads a REST answer's JSON, mapping unreadable JSON to a client-side failure. */
    static <T> T read(String operation, Target target, String body, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(body);
        } catch (IllegalArgumentException | IllegalStateException | com.google.gson.JsonParseException e) {
            throw new FleetClientException(operation + " " + target.describe() + ": the hub's answer could not be"
                    + " read: " + Redactor.describe(e), e);
        }
    }
}

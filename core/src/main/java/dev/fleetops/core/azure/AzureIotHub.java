package dev.fleetops.core.azure;

import dev.fleetops.core.spi.ConfigurationService;
import dev.fleetops.core.spi.DeviceRegistry;
import dev.fleetops.core.spi.DirectMethodService;
import dev.fleetops.core.spi.HubBackend;
import dev.fleetops.core.spi.JobService;
import dev.fleetops.core.spi.QueryService;
import dev.fleetops.core.spi.TwinService;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The hub backend for a real Azure IoT hub, over Microsoft's {@code iot-service-client} 2.1.9 for calls that are
 * harmless to send twice, and over the same REST API (api-version 2021-04-12) called with
 * {@code java.net.http.HttpClient} and the same credentials for everything else.
 *
 * <p><b>Why not the SDK for everything.</b> The SDK sends its requests with {@code HttpsURLConnection}, which sends a
 * request a second time by itself when the connection drops before the answer: always for PUT and DELETE, and for
 * POST while {@code sun.net.http.retryPost} is true (the default). That repeat happens below {@code FleetClient}'s
 * call policy, so a state-changing call could be applied twice, or its caller told "already exists" or "not found"
 * about its own change, while {@code FleetClient} never learnt that an answer was lost and so could not apply the
 * call's safety class. {@code java.net.http} repeats only GET and HEAD by itself; a lost answer on one of the
 * adapter's own calls reaches {@code FleetClient} as a {@link dev.fleetops.core.error.TransportException}.
 *
 * <p><b>Over the SDK</b> (a repeat by the JDK cannot change the outcome):
 * <ul>
 *   <li>device reads and registry statistics ({@code RegistryClient.getDevice}, {@code getStatistics}): GETs;</li>
 *   <li>configuration reads and lists, and the unconditional configuration replace
 *       ({@code ConfigurationsClient.replace}, {@code If-Match: *}): sending the same whole configuration twice
 *       leaves the same configuration;</li>
 *   <li>job reads and {@code cancel} ({@code ScheduledJobsClient.get}, {@code cancel}): cancelling a cancelled job
 *       returns it unchanged.</li>
 * </ul>
 * Such a repeat is still a request the hub counts that {@code FleetClient} did not pace.
 *
 * <p><b>Over REST</b>:
 * <ul>
 *   <li>direct methods ({@code POST /twins/{id}/methods}): a repeat would run the device's method again; also, the
 *       SDK caps the call at its HTTP read timeout whatever the method's timeouts;</li>
 *   <li>job scheduling ({@code PUT /jobs/v2/{id}}): a repeat answers {@code JobAlreadyExists} for the caller's own
 *       job, which {@code FleetClient} can only resolve when it saw the lost answer;</li>
 *   <li>device and configuration creates ({@code PUT}): a repeat answers "already exists" for what this call
 *       created;</li>
 *   <li>device and configuration deletes ({@code DELETE}): a repeat answers 404, and the caller would be told nothing
 *       was deleted without {@code FleetClient} knowing why. Over REST the lost answer reaches {@code FleetClient},
 *       which repeats the idempotent delete; that repeat finds nothing, so the call returns {@code false}, as
 *       {@code Devices.delete} and {@code Configurations.delete} document: the hub cannot tell "deleted by the
 *       attempt whose answer was lost" from "was never there";</li>
 *   <li>device updates ({@code GET} then {@code PUT /devices/{id}}): the SDK always sends {@code If-Match: *} and
 *       cannot set a status reason; the identity is read first so that its keys or thumbprints are sent back, and
 *       the PUT carries the caller's ETag or, for an unconditional update, the ETag just read (retried on 412), so a
 *       key rotation between the read and the write is never undone (see {@code update} of the registry);</li>
 *   <li>{@code POST /devices}: bulk create, update and delete of up to 100 devices (not in the SDK), with updates
 *       read first the same way;</li>
 *   <li>guarded configuration updates ({@code PUT /configurations/{id}} with the caller's ETag: the SDK's
 *       {@code replace} always sends {@code *});</li>
 *   <li>twin reads and patches: the SDK's {@code Twin} drops the authentication type, narrows versions to
 *       {@code int} and misreads configuration statuses;</li>
 *   <li>queries ({@code POST /devices/query}) and job listing ({@code GET /jobs/v2/query}): exactly one request per
 *       page, returned as the hub answered it, short pages with a continuation token included. The SDK's query
 *       responses fetch the following page by themselves when the current one is used up, and cannot tell a
 *       remaining row from a remaining page, so one page read through them could cost a second request that
 *       {@code FleetClient} neither paced nor counted;</li>
 *   <li>every call on a device or configuration id holding {@code #}, {@code ?} or {@code %}, which the SDK puts
 *       into URLs unencoded (job ids are encoded before the SDK sees them).</li>
 * </ul>
 * The SDK misreads the enabled-device count of the registry statistics; it is derived as total minus disabled.
 *
 * <pre>{@code
 * try (AzureIotHub hub = AzureIotHub.builder()
 *         .connectionString(System.getenv("IOTHUB_CONNECTION_STRING"))
 *         .build()) {
 *     FleetClient client = FleetClient.builder().hub(hub).tier(HubTier.s1(1)).build();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Single attempts.</b> Every method makes one attempt and classifies its failure: the hub's answers become the
 * {@link dev.fleetops.core.error.FleetServiceException} subclasses the SPI documents, and a broken connection or timeout a
 * retryable {@link dev.fleetops.core.error.TransportException}. Retries and pacing are {@code FleetClient}'s. The
 * exceptions to "one request per call" are the reads that updates make first, an update's re-read and re-send after
 * a 412 it caused itself (see above), and the JDK's own repeat of an SDK read.
 *
 * <p><b>Retry-After.</b> A 429 becomes a {@link dev.fleetops.core.error.ThrottledException} carrying the hub's
 * {@code Retry-After} only on the adapter's own REST calls (twins, queries, methods, creates, updates, deletes, bulk
 * and job scheduling): the SDK does not expose response headers, so a 429 to an SDK call (device and registry
 * statistics reads, configuration reads, lists and unconditional replaces, job reads and cancels) carries no hint,
 * and {@code FleetClient} waits its own backoff.
 *
 * <p><b>Credentials.</b> A service connection string (parsed here; SAS tokens are minted from its key, each valid
 * for {@link Builder#sasTokenLifetime(Duration)} and renewed when three quarters of it have passed), or a host name
 * with a {@link SasTokenProvider} or an {@link AccessTokenProvider} (Microsoft Entra ID). Keys and tokens never
 * appear in {@link #toString()}, {@link #describe()}, logs or exception messages.
 *
 * <p><b>TLS.</b> The SDK's clients use {@code HttpsURLConnection} with the JVM's default socket factory, and the
 * adapter's own calls use an {@code HttpClient} with the JVM's default {@code SSLContext}, taken when
 * {@link Builder#build()} runs; there is no per-instance TLS setting. A test that trusts a local emulator's
 * certificate must install it as the JVM default before building.
 *
 * <p>Immutable and thread-safe once built; {@link #close()} is idempotent, and calls after it throw
 * {@link IllegalStateException}.
 */
public final class AzureIotHub implements HubBackend {

    /** The default connect and read timeout of each HTTP call, in seconds (the SDK's own default). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 24;

    /** The default lifetime of a SAS token minted from a connection string. */
    public static final Duration DEFAULT_SAS_TOKEN_LIFETIME = Duration.ofHours(1);

    private final AzureContext ctx;
    private final String authDescription;
    private final AzureRegistry registry;
    private final AzureTwins twins;
    private final AzureQueries queries;
    private final AzureConfigurations configurations;
    private final AzureJobs jobs;
    private final AzureMethods methods;

    private AzureIotHub(AzureContext ctx, String authDescription) {
        this.ctx = ctx;
        this.authDescription = authDescription;
        this.registry = new AzureRegistry(ctx);
        this.twins = new AzureTwins(ctx);
        this.queries = new AzureQueries(ctx);
        this.configurations = new AzureConfigurations(ctx);
        this.jobs = new AzureJobs(ctx, queries);
        this.methods = new AzureMethods(ctx);
    }

    /**
     * Returns a new builder.
     *
     * @return the builder (not thread-safe)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the hub's host name, and the endpoint when it is overridden, for example
     * {@code "azure:my-hub.azure-devices.net"} or {@code "azure:my-hub.azure-devices.net via localhost:8443"}.
     *
     * @return the description, without secrets
     */
    @Override
    public String describe() {
        return "azure:" + ctx.hostName + (ctx.endpoint.equals(ctx.hostName) ? "" : " via " + ctx.endpoint);
    }

    /**
     * Returns the hub's host name.
     *
     * @return the host name, as in the connection string or given to {@link Builder#hostName(String)}
     */
    public String hostName() {
        return ctx.hostName;
    }

    /**
     * Returns where calls go: the host name, or the endpoint override.
     *
     * @return {@code host} or {@code host:port}
     */
    public String endpoint() {
        return ctx.endpoint;
    }

    @Override
    public DeviceRegistry registry() {
        return registry;
    }

    @Override
    public TwinService twins() {
        return twins;
    }

    @Override
    public QueryService queries() {
        return queries;
    }

    @Override
    public ConfigurationService configurations() {
        return configurations;
    }

    @Override
    public JobService jobs() {
        return jobs;
    }

    @Override
    public DirectMethodService methods() {
        return methods;
    }

    /** Marks the backend closed; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        ctx.close();
    }

    /** Package-private view for tests: the shared context. */
    AzureContext context() {
        return ctx;
    }

    /** Returns the host, endpoint, credential kind and timeouts; never a key or token. */
    @Override
    public String toString() {
        return "AzureIotHub[host=" + ctx.hostName + ", endpoint=" + ctx.endpoint + ", auth=" + authDescription
                + ", connectTimeout=" + ctx.connectTimeoutSeconds + "s, readTimeout=" + ctx.readTimeoutSeconds
                + "s]";
    }

    /**
     * Builds {@link AzureIotHub}s. Give either a connection string, or a host name and one credential provider.
     * Not thread-safe; {@link #toString()} never shows a secret.
     */
    public static final class Builder {
        private ConnectionString connectionString;
        private String hostName;
        private SasTokenProvider sasTokenProvider;
        private AccessTokenProvider accessTokenProvider;
        private String endpoint;
        private int connectTimeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        private int readTimeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        private Duration sasTokenLifetime = DEFAULT_SAS_TOKEN_LIFETIME;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets a service connection string of a shared access policy:
         * {@code HostName=<hub>.azure-devices.net;SharedAccessKeyName=<policy>;SharedAccessKey=<base64 key>}. The
         * host name may carry a port.
         *
         * @param connectionString the connection string
         * @return this builder
         * @throws IllegalArgumentException if it is malformed; the message names the field and never shows the key
         * @throws NullPointerException if it is null
         */
        public Builder connectionString(String connectionString) {
            this.connectionString = ConnectionString.parse(connectionString);
            return this;
        }

        /**
         * Sets the hub's host name, for use with {@link #sasTokenProvider(SasTokenProvider)} or
         * {@link #accessTokenProvider(AccessTokenProvider)}.
         *
         * @param hostName for example {@code my-hub.azure-devices.net}
         * @return this builder
         * @throws IllegalArgumentException if it is not a host name (optionally with a port)
         */
        public Builder hostName(String hostName) {
            ConnectionString.checkHostName(Objects.requireNonNull(hostName, "hostName"), "hostName");
            this.hostName = hostName;
            return this;
        }

        /**
         * Authenticates with SAS tokens from the application, asked for before every call.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder sasTokenProvider(SasTokenProvider provider) {
            this.sasTokenProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Authenticates with Microsoft Entra ID access tokens (role-based access control); see
         * {@link AccessTokenProvider} for an adapter from {@code azure-identity}.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder accessTokenProvider(AccessTokenProvider provider) {
            this.accessTokenProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sends every call to {@code hostAndPort} instead of the hub's host name, for example a local emulator
         * ({@code "localhost:8443"}). SAS tokens are still minted for the hub's host name.
         *
         * @param hostAndPort {@code host} or {@code host:port}
         * @return this builder
         * @throws IllegalArgumentException if it is not a host name with an optional port
         */
        public Builder endpoint(String hostAndPort) {
            ConnectionString.checkEndpoint(Objects.requireNonNull(hostAndPort, "hostAndPort"), "endpoint");
            this.endpoint = hostAndPort;
            return this;
        }

        /**
         * Sets the connect timeout of each HTTP call.
         *
         * @param seconds 1 to 300 seconds; default {@value AzureIotHub#DEFAULT_TIMEOUT_SECONDS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connectTimeoutSeconds(int seconds) {
            this.connectTimeoutSeconds = checkSeconds("connectTimeoutSeconds", seconds);
            return this;
        }

        /**
         * Sets the read timeout of each HTTP call: how long to wait for the hub's answer. A direct method call waits
         * at least its own response and connect timeouts plus a margin, whatever this is set to.
         *
         * @param seconds 1 to 300 seconds; default {@value AzureIotHub#DEFAULT_TIMEOUT_SECONDS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder readTimeoutSeconds(int seconds) {
            this.readTimeoutSeconds = checkSeconds("readTimeoutSeconds", seconds);
            return this;
        }

        private static int checkSeconds(String name, int seconds) {
            if (seconds < 1 || seconds > 300) {
                throw new IllegalArgumentException(name + " is " + seconds + "; it must be 1 to 300 seconds");
            }
            return seconds;
        }

        /**
         * Sets how long each SAS token minted from the connection string is valid; it is renewed when three quarters
         * of it have passed.
         *
         * @param lifetime 1 minute to 365 days; default 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder sasTokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("sasTokenLifetime is " + lifetime
                        + "; it must be 1 minute to 365 days");
            }
            this.sasTokenLifetime = lifetime;
            return this;
        }

        /**
         * Sets the clock that SAS token expiry and access token renewal are computed on.
         *
         * @param clock the clock; default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the backend. Creates the SDK clients; makes no call to the hub.
         *
         * @return the backend
         * @throws IllegalStateException if neither a connection string nor a host name was given, both were, a host
         *     name has no credential provider or two, or a connection string comes with a provider
         */
        public AzureIotHub build() {
            int providers = (sasTokenProvider == null ? 0 : 1) + (accessTokenProvider == null ? 0 : 1);
            Credentials credentials;
            String host;
            if (connectionString != null) {
                if (hostName != null) {
                    throw new IllegalStateException("both a connection string and a host name were given; the "
                            + "connection string names the host already (use endpoint(...) to send calls elsewhere)");
                }
                if (providers > 0) {
                    throw new IllegalStateException("a connection string and a token provider were given; use one "
                            + "credential");
                }
                host = connectionString.hostName();
                credentials = new Credentials.FromKey(connectionString, sasTokenLifetime, clock);
            } else if (hostName != null) {
                if (providers == 0) {
                    throw new IllegalStateException("a host name was given without a credential; "
                            + "add sasTokenProvider(...) or accessTokenProvider(...)");
                }
                if (providers > 1) {
                    throw new IllegalStateException("both a SAS token provider and an access token provider were "
                            + "given; use one");
                }
                host = hostName;
                credentials = sasTokenProvider != null
                        ? new Credentials.FromSasProvider(sasTokenProvider)
                        : new Credentials.FromAccessTokenProvider(accessTokenProvider, clock);
            } else {
                throw new IllegalStateException("no hub given: set connectionString(...), or hostName(...) with a "
                        + "token provider");
            }
            String target = endpoint == null ? host : endpoint;
            return new AzureIotHub(new AzureContext(host, target, credentials, clock, connectTimeoutSeconds,
                    readTimeoutSeconds), credentials.describe());
        }

        /** Returns the settings; never a key or token. */
        @Override
        public String toString() {
            return "AzureIotHub.Builder[host=" + (connectionString != null ? connectionString.hostName() : hostName)
                    + ", endpoint=" + endpoint + ", connectionString=" + (connectionString == null ? "unset" : "set")
                    + ", sasTokenProvider=" + (sasTokenProvider == null ? "unset" : "set")
                    + ", accessTokenProvider=" + (accessTokenProvider == null ? "unset" : "set") + "]";
        }
    }
}

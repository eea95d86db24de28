package dev.fleetops.core.spi;

/**
 * Everything FleetOps needs from an IoT hub, as six narrow services. Two implementations ship:
 * {@code dev.fleetops.core.embedded.EmbeddedHub} (in memory) and the Azure adapter over Microsoft's service SDK.
 * Users normally reach a backend through {@code FleetClient}, which adds retries, pacing, authorization and audit.
 *
 * <p>Implementations are thread-safe; {@link #close()} releases connections and is idempotent.
 */
public interface HubBackend extends AutoCloseable {

    /**
     * Returns a short description for logs, without secrets, for example {@code "embedded"} or the hub host name.
     *
     * @return the description
     */
    String describe();

    /**
     * Returns the identity registry.
     *
     * @return the registry
     */
    DeviceRegistry registry();

    /**
     * Returns the twin service.
     *
     * @return the twins
     */
    TwinService twins();

    /**
     * Returns the query service.
     *
     * @return the queries
     */
    QueryService queries();

    /**
     * Returns the configuration service.
     *
     * @return the configurations
     */
    ConfigurationService configurations();

    /**
     * Returns the job service.
     *
     * @return the jobs
     */
    JobService jobs();

    /**
     * Returns the direct-method service.
     *
     * @return the methods
     */
    DirectMethodService methods();

    /** Releases the backend's resources. Idempotent; the default does nothing. */
    @Override
    default void close() {
    }
}

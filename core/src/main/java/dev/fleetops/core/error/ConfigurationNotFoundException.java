package dev.fleetops.core.error;

/**
 * The hub has no configuration with this id (HTTP 404). Not retryable. Immutable.
 */
public class ConfigurationNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param configurationId the id that was not found
     */
    public ConfigurationNotFoundException(String configurationId) {
        super("404001", "configuration '" + configurationId + "' does not exist in the hub");
    }
}

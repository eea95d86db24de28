package dev.fleetops.core.error;

/**
 * The hub has no job with this id (HTTP 404). Not retryable. Immutable.
 */
public class JobNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param jobId the id that was not found
     */
    public JobNotFoundException(String jobId) {
        super("404002", "job '" + jobId + "' does not exist in the hub");
    }
}

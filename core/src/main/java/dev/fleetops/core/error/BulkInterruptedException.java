package dev.fleetops.core.error;

import dev.fleetops.core.model.BulkResult;

import java.util.Objects;

/**
 * A bulk call of many devices was interrupted between or during its hub calls. Nothing further was sent, and the
 * thread's interrupt flag is set again. {@link #partial()} tells what happened to every device: the results of the
 * hub calls made before the interrupt, {@code Interrupted} for the devices of the call in progress (it may or may
 * not have been applied when the interrupt came during the call, and was not sent when it came during a wait), and
 * {@code NotAttempted} for the rest.
 *
 * <p>Immutable.
 */
public class BulkInterruptedException extends InterruptedCallException {

    private static final long serialVersionUID = 1L;

    /** The error code of the devices of the hub call the interrupt stopped. */
    public static final String INTERRUPTED = "Interrupted";

    private final transient BulkResult partial;

    /**
     * Creates the exception.
     *
     * @param message what was interrupted, without secrets
     * @param partial the outcome of every device of the bulk call
     * @param cause the interrupt as the call policy reported it
     */
    public BulkInterruptedException(String message, BulkResult partial, InterruptedCallException cause) {
        super(message, cause);
        this.partial = Objects.requireNonNull(partial, "partial");
    }

    /**
     * Returns the outcome of every device of the bulk call, as far as it went.
     *
     * @return the partial result; never successful
     */
    public BulkResult partial() {
        return partial;
    }
}

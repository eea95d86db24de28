package dev.fleetops.core.call;

/**
 * Whether a hub call may be sent again after an ambiguous failure (a 5xx answer or a broken connection, after
 * which the hub may or may not have applied it). Every call declares one; a 429 is retried whatever the safety,
 * because a throttled request was not processed. Thread-safe.
 */
public enum Safety {
    /** Repeating the call has the same effect as making it once (reads, unconditional updates, deletes). */
    IDEMPOTENT,
    /** The call carries an ETag, so a repeat after success fails with 412 instead of applying twice. */
    ETAG_GUARDED,
    /** A repeat could apply twice or fail misleadingly (creates, unconditional twin patches, direct methods). */
    UNSAFE;

    /**
     * Tells whether the call may be repeated after an ambiguous failure.
     *
     * @return true for {@link #IDEMPOTENT} and {@link #ETAG_GUARDED}
     */
    public boolean repeatable() {
        return this != UNSAFE;
    }
}

package dev.fleetops.core.model;

import java.util.List;

/**
 * The outcome of a bulk registry call. IoT Hub applies each device independently: the devices not listed in
 * {@link #errors()} were applied. Immutable and thread-safe.
 *
 * @param successful true when every device was applied
 * @param errors the devices that failed, with the reason
 * @param warnings warnings about devices that were applied
 */
public record BulkResult(boolean successful, List<BulkItemError> errors, List<BulkItemError> warnings) {

    /**
     * Copies the lists.
     *
     * @param successful true when every device was applied
     * @param errors the devices that failed, with the reason
     * @param warnings warnings about devices that were applied
     * @throws NullPointerException if a list or an element is null
     */
    public BulkResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}

package dev.fleetops.provisioning.plan;

/**
 * How far an apply has got, told after each bulk call. Immutable and thread-safe.
 *
 * @param done the rows decided so far (applied, failed or unchanged)
 * @param total the plan's rows (bad rows skipped not counted)
 * @param failed the rows failed so far
 * @param writeCalls the bulk calls made so far
 */
public record ApplyProgress(int done, int total, int failed, int writeCalls) {

    /**
     * Returns the share done.
     *
     * @return 0 to 1; 1 for an empty plan
     */
    public double fraction() {
        return total == 0 ? 1.0 : (double) done / total;
    }
}

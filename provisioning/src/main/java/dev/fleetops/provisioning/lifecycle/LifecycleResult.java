package dev.fleetops.provisioning.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * What a lifecycle workflow did: each step it made, and each step it found already made (by an earlier, interrupted
 * run or by hand), so that a re-run shows the work complete without repeating it. Immutable and thread-safe; never
 * holds a key.
 *
 * @param workflow {@code revoke}, {@code reprovision}, {@code retire} or {@code replace}
 * @param target what it acted on, for example {@code enrollment:sn-001}
 * @param done the steps made by this run, in order
 * @param alreadyDone the steps this run found made
 */
public record LifecycleResult(String workflow, String target, List<String> done, List<String> alreadyDone) {

    /**
     * Copies the lists.
     *
     * @param workflow the workflow
     * @param target the target
     * @param done the steps made
     * @param alreadyDone the steps found made
     */
    public LifecycleResult {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(target, "target");
        done = List.copyOf(done);
        alreadyDone = List.copyOf(alreadyDone);
    }

    /**
     * Tells whether this run changed nothing, the work having been complete already.
     *
     * @return true when no step was made
     */
    public boolean wasComplete() {
        return done.isEmpty();
    }
}

package dev.fleetops.core;

import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.RetryPolicy;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.BadRequestException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;

import java.util.Objects;
import java.util.Optional;

/**
 * Device twins, through a {@link FleetClient}: reads are paced as twin reads, patches as twin updates; every call is
 * authorized and retried as its safety allows, and patches are audited. Obtain it with {@link FleetClient#twins()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Twins {

    private final ClientCore core;
    private final Caller caller;

    Twins(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    private static String target(DeviceId id) {
        return "device:" + id.value();
    }

    /**
     * Reads a twin. Always current, unlike query results.
     *
     * @param id the device
     * @return the twin
     * @throws DeviceNotFoundException if the device is not registered
     * @throws AccessDeniedException if the operator may not read twins
     * @throws FleetException for other failures of the hub, after retries
     */
    public Twin get(DeviceId id) {
        Objects.requireNonNull(id, "id");
        return core.gatekeeper.run(caller, Action.TWIN_READ, target(id), "", corr ->
                core.policy.execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "twin.get device=" + id.value(),
                        corr, () -> core.hub.twins().get(id)));
    }

    /**
     * Reads a twin if the device is registered.
     *
     * @param id the device
     * @return the twin, or empty when the device is not registered
     * @throws AccessDeniedException if the operator may not read twins
     * @throws FleetException for other failures of the hub, after retries
     */
    public Optional<Twin> find(DeviceId id) {
        Objects.requireNonNull(id, "id");
        return core.gatekeeper.run(caller, Action.TWIN_READ, target(id), "", corr ->
                core.policy.execute(OperationClass.TWIN_READ, Safety.IDEMPOTENT, 1, "twin.get device=" + id.value(),
                        corr, () -> {
                            try {
                                return Optional.of(core.hub.twins().get(id));
                            } catch (DeviceNotFoundException e) {
                                return Optional.<Twin>empty();
                            }
                        }));
    }

    /**
     * Applies a patch to a twin's tags and desired properties exactly once, without an ETag.
     *
     * <p>An unconditional patch is not idempotent (each application bumps the twin's versions), so it is never
     * simply sent again after an ambiguous failure. Instead: a throttled (429) patch is sent again as it is; after a
     * 5xx answer or a broken connection the twin is read again, and if it already shows every change of the patch
     * ({@link TwinPatch#isReflectedIn(Twin)}) the patch is taken as applied and that twin returned; otherwise the
     * patch is sent again guarded by the ETag just read, so it cannot apply twice, and a 412 to that guarded patch
     * (someone changed the twin meanwhile) leads to another read and check. Sends are bounded by the client's
     * {@link RetryPolicy#maxAttempts()}; each re-read is a twin read with its own retries.
     *
     * <p>Two consequences when another writer changes the same keys while this call is in doubt. If it sets the same
     * values between a lost answer and the re-read, this patch is taken as applied; the twin holds the patch's
     * values, which is what the caller asked for. If it sets different values after this patch had in fact been
     * applied, the re-read cannot tell that apart from a patch that never arrived, so the patch is sent again and
     * wins: the outcome is the one where this call came last, which overlapping calls allow, but a watcher of the
     * twin sees this patch's values twice and the desired {@code $version} rises by two. Callers that must not
     * overwrite a newer value read the twin and pass its ETag to {@link #patch(DeviceId, TwinPatch, ETag)}.
     *
     * @param id the device
     * @param patch the change
     * @return the twin after the patch
     * @throws DeviceNotFoundException if the device is not registered
     * @throws BadRequestException if the patched twin would break IoT Hub's size limits
     * @throws AccessDeniedException if the operator may not patch twins
     * @throws FleetException for other failures of the hub, after retries
     */
    public Twin patch(DeviceId id, TwinPatch patch) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
        return core.gatekeeper.run(caller, Action.TWIN_PATCH, target(id), describe(patch), corr ->
                core.policy.patchExactlyOnce(core.hub.twins(), id, patch, corr),
                twin -> "version=" + twin.version());
    }

    /**
     * Applies a patch to a twin if its ETag still matches. Safe to repeat, so retried after ambiguous failures too.
     * If an attempt whose answer was lost had been applied, the repeat is refused with 412 (the ETag changed); the
     * twin is then read back, and when it shows the patch ({@link TwinPatch#isReflectedIn(Twin)}) the call succeeds
     * with that twin instead of reporting its own success as a conflict. With {@link ETag#ANY} the patch is
     * unconditional and behaves as {@link #patch(DeviceId, TwinPatch)}.
     *
     * @param id the device
     * @param patch the change
     * @param ifMatch the ETag the twin must still have, or {@link ETag#ANY}
     * @return the twin after the patch
     * @throws DeviceNotFoundException if the device is not registered
     * @throws PreconditionFailedException if the ETag no longer matches
     * @throws BadRequestException if the patched twin would break IoT Hub's size limits
     * @throws AccessDeniedException if the operator may not patch twins
     * @throws FleetException for other failures of the hub, after retries
     */
    public Twin patch(DeviceId id, TwinPatch patch, ETag ifMatch) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(ifMatch, "ifMatch");
        if (ifMatch.isAny()) {
            return patch(id, patch);
        }
        return core.gatekeeper.run(caller, Action.TWIN_PATCH, target(id), describe(patch) + " ifMatch", corr ->
                core.policy.executeGuarded(OperationClass.TWIN_UPDATE, OperationClass.TWIN_READ,
                        "twin.patch device=" + id.value(), corr,
                        () -> core.hub.twins().patch(id, patch, ifMatch),
                        () -> core.hub.twins().get(id), patch::isReflectedIn),
                twin -> "version=" + twin.version());
    }

    private static String describe(TwinPatch patch) {
        StringBuilder b = new StringBuilder();
        if (!patch.tags().isEmpty()) {
            b.append("tags=").append(patch.tags().toJson());
        }
        if (!patch.desired().isEmpty()) {
            b.append(b.length() > 0 ? " " : "").append("desired=").append(patch.desired().toJson());
        }
        return b.toString();
    }

    /** Returns the acting operator, for logs. */
    @Override
    public String toString() {
        return "Twins[operator=" + caller.operator().name() + "]";
    }
}

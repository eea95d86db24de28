package dev.fleetops.core;

import dev.fleetops.core.error.BulkInterruptedException;
import dev.fleetops.core.error.InterruptedCallException;
import dev.fleetops.core.internal.CallScope;
import dev.fleetops.core.internal.Caller;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.error.AccessDeniedException;
import dev.fleetops.core.error.DeviceAlreadyExistsException;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.FleetException;
import dev.fleetops.core.error.FleetServiceException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.QuotaExceededException;
import dev.fleetops.core.error.ServiceUnavailableException;
import dev.fleetops.core.error.TransportException;
import dev.fleetops.core.error.Redactor;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.BulkItemError;
import dev.fleetops.core.model.BulkMode;
import dev.fleetops.core.model.BulkOperation;
import dev.fleetops.core.model.BulkResult;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.RegistryStatistics;
import dev.fleetops.core.spi.DeviceRegistry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity registry, through a {@link FleetClient}: every call is authorized, paced as a registry operation,
 * retried as its safety allows and, when it changes something, audited. Obtain it with {@link FleetClient#devices()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Devices {

    /** The error code of a bulk item whose chunk failed with an ambiguous error: it may or may not be applied. */
    public static final String OUTCOME_UNKNOWN = "OutcomeUnknown";

    /** The error code of a bulk item that was not sent because an earlier chunk failed as a whole. */
    public static final String NOT_ATTEMPTED = "NotAttempted";

    private final ClientCore core;
    private final Caller caller;

    Devices(ClientCore core, Caller caller) {
        this.core = core;
        this.caller = caller;
    }

    private DeviceRegistry registry() {
        return core.hub.registry();
    }

    private static String target(DeviceId id) {
        return "device:" + id.value();
    }

    /**
     * Reads a device.
     *
     * @param id the device
     * @return the device
     * @throws DeviceNotFoundException if it is not registered
     * @throws AccessDeniedException if the operator may not read devices
     * @throws FleetException for other failures of the hub, after retries
     */
    public Device get(DeviceId id) {
        Objects.requireNonNull(id, "id");
        return core.gatekeeper.run(caller, Action.DEVICE_READ, target(id), "", corr ->
                core.policy.execute(OperationClass.REGISTRY, Safety.IDEMPOTENT, 1, "device.get device=" + id.value(),
                        corr, () -> registry().get(id)));
    }

    /**
     * Reads a device if it is registered.
     *
     * @param id the device
     * @return the device, or empty when it is not registered
     * @throws AccessDeniedException if the operator may not read devices
     * @throws FleetException for other failures of the hub, after retries
     */
    public Optional<Device> find(DeviceId id) {
        Objects.requireNonNull(id, "id");
        return core.gatekeeper.run(caller, Action.DEVICE_READ, target(id), "", corr ->
                core.policy.execute(OperationClass.REGISTRY, Safety.IDEMPOTENT, 1, "device.get device=" + id.value(),
                        corr, () -> {
                            try {
                                return Optional.of(registry().get(id));
                            } catch (DeviceNotFoundException e) {
                                return Optional.<Device>empty();
                            }
                        }));
    }

    /**
     * Registers a device. Not repeated after an ambiguous failure (a second create would fail with
     * {@link DeviceAlreadyExistsException}); throttled attempts are repeated.
     *
     * @param device the device; hub-assigned fields are ignored
     * @return the device as registered, with its ETag
     * @throws DeviceAlreadyExistsException if the id is taken
     * @throws QuotaExceededException if the hub holds its maximum number of devices
     * @throws AccessDeniedException if the operator may not create devices
     * @throws FleetException for other failures of the hub
     */
    public Device create(Device device) {
        Objects.requireNonNull(device, "device");
        return core.gatekeeper.run(caller, Action.DEVICE_CREATE, target(device.id()), describe(device), corr ->
                core.policy.execute(OperationClass.REGISTRY, Safety.UNSAFE, 1,
                        "device.create device=" + device.id().value(), corr, () -> registry().create(device)));
    }

    /**
     * Updates a device's status, status reason, authentication type and Edge capability, unconditionally.
     * Idempotent, so retried after ambiguous failures.
     *
     * @param device the new state
     * @return the device as stored, with its new ETag
     * @throws DeviceNotFoundException if it is not registered
     * @throws AccessDeniedException if the operator may not update devices
     * @throws FleetException for other failures of the hub, after retries
     */
    public Device update(Device device) {
        return update(device, ETag.ANY);
    }

    /**
     * Updates a device if its ETag still matches. After an ambiguous failure the update is sent again with the same
     * ETag; if the first attempt was applied, the hub refuses the repeat with 412, and the client reads the device
     * back: when it shows this update's status, status reason, authentication type and Edge flag, the call succeeds
     * with it; otherwise {@link PreconditionFailedException} stands. With {@link ETag#ANY} the update is
     * unconditional and behaves as {@link #update(Device)}; so {@code update(device, device.etag())} is guarded
     * exactly when the device was read from the hub.
     *
     * @param device the new state
     * @param ifMatch the ETag the device must still have, or {@link ETag#ANY}
     * @return the device as stored, with its new ETag
     * @throws DeviceNotFoundException if it is not registered
     * @throws PreconditionFailedException if the ETag no longer matches
     * @throws AccessDeniedException if the operator may not update devices
     * @throws FleetException for other failures of the hub, after retries
     */
    public Device update(Device device, ETag ifMatch) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(ifMatch, "ifMatch");
        String what = "device.update device=" + device.id().value();
        return core.gatekeeper.run(caller, Action.DEVICE_UPDATE, target(device.id()),
                describe(device) + (ifMatch.isAny() ? "" : " ifMatch"), corr -> !ifMatch.isAny()
                        ? core.policy.executeGuarded(OperationClass.REGISTRY, OperationClass.REGISTRY, what, corr,
                                () -> registry().update(device, ifMatch), () -> registry().get(device.id()),
                                now -> reflects(now, device))
                        : core.policy.execute(OperationClass.REGISTRY, Safety.IDEMPOTENT, 1, what, corr,
                                () -> registry().update(device, ifMatch)));
    }

    /** Whether the identity as the hub holds it shows the settable fields of an update. */
    private static boolean reflects(Device now, Device wanted) {
        return now.status() == wanted.status() && Objects.equals(now.statusReason(), wanted.statusReason())
                && now.authenticationType() == wanted.authenticationType() && now.iotEdge() == wanted.iotEdge();
    }

    /**
     * Deletes a device and its twin, unconditionally. Idempotent: deleting an absent device returns false, and so
     * does a retry whose earlier attempt deleted the device but lost the answer.
     *
     * @param id the device
     * @return true when this call deleted a device, false when none was registered
     * @throws AccessDeniedException if the operator may not delete devices
     * @throws FleetException for failures of the hub, after retries
     */
    public boolean delete(DeviceId id) {
        return delete(id, ETag.ANY);
    }

    /**
     * Deletes a device and its twin if its ETag still matches; with {@link ETag#ANY}, unconditionally.
     *
     * @param id the device
     * @param ifMatch the ETag the device must still have, or {@link ETag#ANY}
     * @return true when a device was deleted, false when none was registered
     * @throws PreconditionFailedException if the ETag no longer matches
     * @throws AccessDeniedException if the operator may not delete devices
     * @throws FleetException for other failures of the hub, after retries
     */
    public boolean delete(DeviceId id, ETag ifMatch) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ifMatch, "ifMatch");
        Safety safety = ifMatch.isAny() ? Safety.IDEMPOTENT : Safety.ETAG_GUARDED;
        return core.gatekeeper.run(caller, Action.DEVICE_DELETE, target(id), ifMatch.isAny() ? "" : "ifMatch",
                corr -> core.policy.execute(OperationClass.REGISTRY, safety, 1, "device.delete device=" + id.value(),
                        corr, () -> registry().delete(id, ifMatch)),
                deleted -> deleted ? "deleted" : "was absent");
    }

    /**
     * Creates, updates or deletes any number of devices, in bulk registry calls of at most
     * {@value DeviceRegistry#MAX_BULK} devices each, sent one after another in list order, and merges their results
     * into one. Each call is paced as one registry operation per device, as IoT Hub counts it, and repeated only
     * when throttled (a bulk call is not idempotent).
     *
     * <p>The hub applies each device on its own: the devices not listed in the result's errors were applied. If a
     * call fails as a whole (after any retries), no further call is sent; the devices of the failed call are
     * reported with the hub's error code (or the exception's simple class name), or with {@link #OUTCOME_UNKNOWN}
     * when the failure leaves their fate unknown (5xx, broken connection), and the devices of the calls not sent
     * with {@link #NOT_ATTEMPTED}. An empty list returns a successful empty result without calling the hub.
     *
     * @param operations the operations, each device at most once
     * @return the merged outcome
     * @throws IllegalArgumentException if a device appears twice or an operation is null (the message names its
     *     index)
     * @throws AccessDeniedException if the operator may not make bulk changes
     * @throws BulkInterruptedException if the thread is interrupted; it tells what happened to every device
     */
    public BulkResult bulk(List<BulkOperation> operations) {
        Objects.requireNonNull(operations, "operations");
        int index = 0;
        for (BulkOperation op : operations) {
            if (op == null) {
                throw new IllegalArgumentException("bulk operation at index " + index + " of " + operations.size()
                        + " is null");
            }
            index++;
        }
        List<BulkOperation> ops = List.copyOf(operations);
        Map<DeviceId, Integer> seen = new HashMap<>();
        Map<BulkMode, Integer> modes = new EnumMap<>(BulkMode.class);
        for (int i = 0; i < ops.size(); i++) {
            Integer previous = seen.putIfAbsent(ops.get(i).device().id(), i);
            if (previous != null) {
                throw new IllegalArgumentException("bulk operations name device '" + ops.get(i).device().id()
                        + "' twice (positions " + previous + " and " + i + "); IoT Hub takes each device once");
            }
            modes.merge(ops.get(i).mode(), 1, Integer::sum);
        }
        int chunks = (ops.size() + DeviceRegistry.MAX_BULK - 1) / DeviceRegistry.MAX_BULK;
        StringBuilder detail = new StringBuilder();
        modes.forEach((mode, n) -> detail.append(mode.wireName()).append('=').append(n).append(' '));
        long twins = ops.stream().filter(BulkOperation::hasInitialTwin).count();
        if (twins > 0) {
            detail.append("initialTwins=").append(twins).append(' ');
        }
        detail.append("calls=").append(chunks);
        return core.gatekeeper.run(caller, Action.DEVICE_BULK, "devices[" + ops.size() + "]", detail.toString(),
                corr -> bulkInChunks(ops, chunks, corr),
                result -> "errors=" + result.errors().size() + " warnings=" + result.warnings().size());
    }

    private BulkResult bulkInChunks(List<BulkOperation> ops, int chunks, CallScope corr) {
        List<BulkItemError> errors = new ArrayList<>();
        List<BulkItemError> warnings = new ArrayList<>();
        boolean successful = true;
        FleetException failure = null;
        for (int c = 0; c < chunks; c++) {
            List<BulkOperation> chunk = ops.subList(c * DeviceRegistry.MAX_BULK,
                    Math.min(ops.size(), (c + 1) * DeviceRegistry.MAX_BULK));
            if (failure != null) {
                String reason = "not sent: an earlier bulk call failed with " + failure.getClass().getSimpleName();
                chunk.forEach(op -> errors.add(new BulkItemError(op.device().id(), NOT_ATTEMPTED, reason)));
                continue;
            }
            String what = "device.bulk call=" + (c + 1) + "/" + chunks + " devices=" + chunk.size();
            try {
                // One permit per device; a backend that must read identities first (the Azure backend carries keys
                // over on updates) charges those reads itself, through the attempt.
                long permits = chunk.size();
                BulkResult result = core.policy.execute(OperationClass.REGISTRY, Safety.UNSAFE, permits, what,
                        corr, () -> registry().bulk(chunk));
                successful &= result.successful();
                errors.addAll(result.errors());
                warnings.addAll(result.warnings());
            } catch (InterruptedCallException e) {
                String reason = "interrupted during bulk call " + (c + 1) + " of " + chunks;
                chunk.forEach(op -> errors.add(new BulkItemError(op.device().id(),
                        BulkInterruptedException.INTERRUPTED, reason)));
                for (int rest = (c + 1) * DeviceRegistry.MAX_BULK; rest < ops.size(); rest++) {
                    errors.add(new BulkItemError(ops.get(rest).device().id(), NOT_ATTEMPTED,
                            "not sent: the bulk call was interrupted"));
                }
                throw new BulkInterruptedException("bulk operation of " + ops.size() + " devices " + reason
                        + "; " + c + " calls were made before it", new BulkResult(false, errors, warnings), e);
            } catch (FleetException e) {
                failure = e;
                String code = e instanceof ServiceUnavailableException || e instanceof TransportException
                        ? OUTCOME_UNKNOWN
                        : e instanceof FleetServiceException && !((FleetServiceException) e).errorCode().isEmpty()
                        ? ((FleetServiceException) e).errorCode() : e.getClass().getSimpleName();
                String reason = Redactor.describe(e);
                chunk.forEach(op -> errors.add(new BulkItemError(op.device().id(), code, reason)));
            }
        }
        return new BulkResult(successful && errors.isEmpty(), errors, warnings);
    }

    /**
     * Counts the registry's devices.
     *
     * @return total, enabled and disabled counts
     * @throws AccessDeniedException if the operator may not read devices
     * @throws FleetException for failures of the hub, after retries
     */
    public RegistryStatistics statistics() {
        return core.gatekeeper.run(caller, Action.DEVICE_READ, "devices", "", corr ->
                core.policy.execute(OperationClass.REGISTRY, Safety.IDEMPOTENT, 1, "device.statistics", corr,
                        () -> registry().statistics()));
    }

    private static String describe(Device device) {
        return "status=" + device.status() + " auth=" + device.authenticationType()
                + (device.iotEdge() ? " edge" : "");
    }

    /** Returns the acting operator, for logs. */
    @Override
    public String toString() {
        return "Devices[operator=" + caller.operator().name() + "]";
    }
}

package dev.fleetops.example.enrollment;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.RemoteCall;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.TwinPatch;

import java.util.Objects;

/**
 * A module-like component built on core's public seam only, as the provisioning module will be: its own actions,
 * its own operation class with the Device Provisioning Service's quota, remote calls to its own service through the
 * client's policy, and an operation that spans a remote call and a hub call under one correlation id.
 */
final class EnrollmentService {

    static final Action ENROLLMENT_READ = Action.read("enrollment.read");
    static final Action ENROLLMENT_DELETE = Action.change("enrollment.delete");
    static final Action DEVICE_RETIRE = Action.change("enrollment.retire");
    /** DPS: 1,000 operations per minute. */
    static final OperationClass DPS = OperationClass.of("DPS", Quota.perMinute(1000));

    private final FleetClient client;
    private final FakeDps dps;

    EnrollmentService(FleetClient client, FakeDps dps) {
        this.client = Objects.requireNonNull(client, "client");
        this.dps = Objects.requireNonNull(dps, "dps");
    }

    boolean exists(String registrationId) {
        return client.calls().run(RemoteCall.of(ENROLLMENT_READ, "enrollment:" + registrationId, DPS)
                .safety(Safety.IDEMPOTENT), attempt -> dps.exists(registrationId));
    }

    boolean delete(String registrationId) {
        return client.calls().run(RemoteCall.of(ENROLLMENT_DELETE, "enrollment:" + registrationId, DPS)
                .safety(Safety.IDEMPOTENT), attempt -> dps.delete(registrationId));
    }

    /** Retires a device: deletes its enrollment and marks its twin, as one audited operation. */
    void retire(String deviceId) {
        client.calls().perform(DEVICE_RETIRE, "device:" + deviceId, "", view -> {
            new EnrollmentService(view, dps).delete(deviceId);
            view.twins().patch(DeviceId.of(deviceId), TwinPatch.builder().tag("lifecycle", "retired").build());
            return null;
        });
    }
}

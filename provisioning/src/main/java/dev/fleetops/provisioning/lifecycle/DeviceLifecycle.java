package dev.fleetops.provisioning.lifecycle;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.DeviceStatus;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.provisioning.EnrollmentManager;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.RegistrationState;
import dev.fleetops.provisioning.model.ReprovisionPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The end of a device's life and the changes in between: revoke, reprovision, retire and replace, over DPS (through
 * an {@link EnrollmentManager}) and the hubs DPS assigns devices to (a {@link FleetClient} per hub host name).
 *
 * <p>Each workflow is idempotent and resumable: every step reads what DPS or the hub holds and is made only when it
 * is not made yet, so a run interrupted part-way (a failed call, a crash) is completed by running it again, without
 * a step made twice; the {@link LifecycleResult} says which steps this run made and which it found made. Each is
 * authorized and audited as its own action ({@link #REVOKE}, {@link #REPROVISION}, {@link #RETIRE}, {@link
 * #REPLACE}), and its DPS and hub calls on their own under the same correlation id.
 *
 * <p>Built with {@link #builder(EnrollmentManager)}; immutable and thread-safe.
 */
public final class DeviceLifecycle {

    /** Revoking an enrollment, one device of a group, or a group. */
    public static final Action REVOKE = Action.change("lifecycle.revoke");
    /** Making a device register anew, possibly on another hub. */
    public static final Action REPROVISION = Action.change("lifecycle.reprovision");
    /** Retiring a device: enrollment disabled, configuration removed, identity and registration deleted. */
    public static final Action RETIRE = Action.change("lifecycle.retire");
    /** New hardware taking over a logical device. */
    public static final Action REPLACE = Action.change("lifecycle.replace");
    /** The status reason a revoked or retired device's hub identity gets. */
    public static final String REVOKED_REASON = "revoked by FleetOps";

    private final EnrollmentManager enrollments;
    private final Map<String, FleetClient> hubs;

    private DeviceLifecycle(EnrollmentManager enrollments, Map<String, FleetClient> hubs) {
        this.enrollments = enrollments;
        this.hubs = hubs;
    }

    /**
     * Returns a builder over the enrollments.
     *
     * @param enrollments the enrollments, whose client authorizes and audits the workflows
     * @return the builder (not thread-safe)
     */
    public static Builder builder(EnrollmentManager enrollments) {
        return new Builder(enrollments);
    }

    /** One run's record of steps. */
    private static final class Steps {
        final List<String> done = new ArrayList<>();
        final List<String> already = new ArrayList<>();

        void step(boolean made, String what) {
            (made ? done : already).add(what);
        }
    }

    private interface Body {
        void run(EnrollmentManager m, Map<String, FleetClient> views, Steps steps);
    }

    private LifecycleResult perform(Action action, String workflow, String target, String detail, Body body) {
        return enrollments.client().calls().perform(action, target, detail, view -> {
            Steps steps = new Steps();
            Map<String, FleetClient> views = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            // the hub calls carry the operation's correlation id too
            hubs.forEach((host, c) -> views.put(host, view.auditContext().map(c::with).orElse(c)));
            body.run(enrollments.using(view), views, steps);
            return new LifecycleResult(workflow, target, steps.done, steps.already);
        });
    }

    /**
     * Revokes an individual enrollment: disables it, so the device can no longer register, and disables the
     * device's hub identity (found through its registration state), so it can no longer connect.
     *
     * @param registrationId the registration id
     * @return the steps
     * @throws dev.fleetops.core.error.NotFoundException if there is no such enrollment
     */
    public LifecycleResult revoke(String registrationId) {
        return perform(REVOKE, "revoke", "enrollment:" + registrationId, "", (m, views, steps) -> {
            disableEnrollment(m, registrationId, null, steps);
            disableIdentity(m, views, registrationId, steps);
        });
    }

    /**
     * Revokes one device of an enrollment group, the way DPS documents it: a disabled individual enrollment for its
     * registration id, which DPS consults before the group; then disables its hub identity.
     *
     * @param registrationId the device's registration id
     * @param attestation the individual enrollment's attestation: {@link Attestation.SymmetricKeys#generatedByDps()}
     *     for a symmetric-key group, the device's certificate for an X.509 group
     * @return the steps
     */
    public LifecycleResult revokeFromGroup(String registrationId, Attestation attestation) {
        Objects.requireNonNull(attestation, "attestation");
        return perform(REVOKE, "revoke", "enrollment:" + registrationId, "from its group", (m, views, steps) -> {
            disableEnrollment(m, registrationId, attestation, steps);
            disableIdentity(m, views, registrationId, steps);
        });
    }

    /**
     * Revokes a whole enrollment group: disables it, then disables the hub identity of every device registered
     * through it (one paced DPS read per page of registrations, a hub read per device).
     *
     * @param groupId the group id
     * @return the steps
     * @throws dev.fleetops.core.error.NotFoundException if there is no such group
     */
    public LifecycleResult revokeGroup(String groupId) {
        return perform(REVOKE, "revoke", "enrollmentGroup:" + groupId, "", (m, views, steps) -> {
            EnrollmentGroup g = m.findGroup(groupId).orElseThrow(() -> new dev.fleetops.core.error.NotFoundException(
                    "404201", "no enrollment group '" + groupId + "'"));
            if (g.settings().enabled()) {
                m.putGroup(g.withSettings(g.settings().withEnabled(false)));
            }
            steps.step(g.settings().enabled(), "enrollment group disabled");
            m.forEachRegistration(groupId, r -> disableIdentity(views, r, steps));
        });
    }

    /**
     * Makes a device register anew with its current enrollment: deletes its registration state, so that its next
     * registration is allocated afresh as an initial assignment (and stops counting against the quota until then).
     * To move a device and keep or reset its data, see {@link #reprovision(String, String, ReprovisionPolicy)}.
     *
     * @param registrationId the registration id
     * @return the steps
     */
    public LifecycleResult reprovision(String registrationId) {
        return perform(REPROVISION, "reprovision", "enrollment:" + registrationId, "", (m, views, steps) ->
                deleteRegistration(m, registrationId, steps));
    }

    /**
     * Moves a device to another hub at its next registration: sets its individual enrollment to that hub (static
     * allocation) with the data policy given ({@link ReprovisionPolicy#MIGRATE} takes the twin's tags and desired
     * properties along, {@link ReprovisionPolicy#RESET} starts from the initial twin). The registration state is
     * kept on purpose: DPS applies the policy when a registered device registers again (on its next boot, or when
     * the application tells it to), knowing the hub it comes from; a device whose state was deleted registers as
     * new, with nothing to migrate. The old hub's identity is left for the caller to retire once the device has
     * moved.
     *
     * @param registrationId the registration id (of an individual enrollment)
     * @param toHub the new hub's host name
     * @param policy {@link ReprovisionPolicy#MIGRATE} or {@link ReprovisionPolicy#RESET}
     * @return the steps
     * @throws IllegalArgumentException if the policy does not update the hub assignment
     */
    public LifecycleResult reprovision(String registrationId, String toHub, ReprovisionPolicy policy) {
        Objects.requireNonNull(toHub, "toHub");
        Objects.requireNonNull(policy, "policy");
        if (!policy.updateHubAssignment()) {
            throw new IllegalArgumentException("reprovision policy " + policy + " keeps the device on its hub; "
                    + "moving it takes migrate or reset");
        }
        return perform(REPROVISION, "reprovision", "enrollment:" + registrationId, "to " + toHub,
                (m, views, steps) -> {
                    IndividualEnrollment e = m.get(registrationId);
                    EnrollmentSettings s = e.settings();
                    boolean set = s.allocationPolicy().equals(AllocationPolicy.STATIC)
                            && s.iotHubs().equals(List.of(toHub)) && s.reprovisionPolicy().equals(policy);
                    if (!set) {
                        m.update(e.withSettings(s.withAllocation(AllocationPolicy.STATIC, List.of(toHub))
                                .withReprovision(policy)));
                    }
                    steps.step(!set, "enrollment set to " + toHub + " (" + policy + ")");
                });
    }

    /**
     * Retires a device: disables its enrollment (for a device of a group, a disabled individual enrollment with the
     * attestation given), removes its device-specific configuration (every desired property, so that a device still
     * connected drops its settings), deletes its hub identity, and deletes its registration state so it no longer
     * counts against the DPS quota. The disabled enrollment is kept, so the device cannot register again.
     *
     * @param registrationId the registration id
     * @param groupAttestation the attestation of the disabled individual enrollment made when the device has none
     *     (a device of a group): {@link Attestation.SymmetricKeys#generatedByDps()} or the device's certificate
     * @return the steps
     */
    public LifecycleResult retire(String registrationId, Attestation groupAttestation) {
        Objects.requireNonNull(groupAttestation, "groupAttestation");
        return perform(RETIRE, "retire", "enrollment:" + registrationId, "", (m, views, steps) -> {
            disableEnrollment(m, registrationId, groupAttestation, steps);
            Optional<RegistrationState> r = m.registration(registrationId);
            if (r.isPresent() && r.get().isAssigned()) {
                FleetClient hub = hub(views, r.get().assignedHub());
                DeviceId id = DeviceId.of(r.get().deviceId());
                Optional<Twin> twin = hub.twins().find(id);
                if (twin.isPresent() && !twin.get().desired().isEmpty()) {
                    PropertyTree.Builder clear = PropertyTree.builder();
                    for (String key : twin.get().desired().keys()) {
                        clear.putNull(key);
                    }
                    hub.twins().patch(id, TwinPatch.ofDesired(clear.build()));
                }
                steps.step(twin.isPresent() && !twin.get().desired().isEmpty(), "desired properties removed");
                steps.step(twin.isPresent() && hub.devices().delete(id), "hub identity deleted from "
                        + r.get().assignedHub());
            }
            deleteRegistration(m, registrationId, steps);
        });
    }

    /**
     * Retires a device of an individual enrollment, or of a symmetric-key group.
     *
     * @param registrationId the registration id
     * @return the steps
     * @see #retire(String, Attestation)
     */
    public LifecycleResult retire(String registrationId) {
        return retire(registrationId, Attestation.SymmetricKeys.generatedByDps());
    }

    /**
     * Replaces a device's hardware, keeping its logical id: the new hardware gets an individual enrollment with the
     * old device id, statically allocated to the hub the old device is on, with the old twin's tags and desired
     * properties as its initial twin (so they follow it even if its identity is made anew); the old hardware's
     * enrollment is disabled (a disabled individual enrollment for a device of a symmetric-key group) and its
     * registration state deleted. The hub identity, its twin and its rollout bucket stay: the new hardware takes
     * them over when it registers.
     *
     * @param oldRegistrationId the old hardware's registration id
     * @param newHardware the new hardware's enrollment (registration id and attestation; its device id, hubs and
     *     initial twin are set here)
     * @return the steps
     * @throws IllegalStateException if the old device never registered (there is no twin to take over)
     */
    public LifecycleResult replace(String oldRegistrationId, IndividualEnrollment newHardware) {
        Objects.requireNonNull(newHardware, "newHardware");
        return perform(REPLACE, "replace", "enrollment:" + oldRegistrationId, "by " + newHardware.registrationId(),
                (m, views, steps) -> {
                    RegistrationState old = m.registration(oldRegistrationId).filter(RegistrationState::isAssigned)
                            .orElse(null);
                    Optional<IndividualEnrollment> next = m.find(newHardware.registrationId());
                    if (old == null && next.isEmpty()) {
                        throw new IllegalStateException("'" + oldRegistrationId + "' is not registered to a hub, so "
                                + "there is no device to take over");
                    }
                    if (next.isEmpty()) {
                        DeviceId id = DeviceId.of(old.deviceId());
                        Twin twin = hub(views, old.assignedHub()).twins().get(id);
                        EnrollmentSettings base = m.find(oldRegistrationId).map(IndividualEnrollment::settings)
                                .orElse(newHardware.settings());
                        EnrollmentSettings s = base.withAllocation(AllocationPolicy.STATIC,
                                List.of(old.assignedHub())).withInitialTwin(twin.tags(), twin.desired())
                                .withEnabled(true);
                        m.create(new IndividualEnrollment(newHardware.registrationId(), id,
                                newHardware.attestation(), s, ETag.ANY));
                    }
                    steps.step(next.isEmpty(), "enrollment of " + newHardware.registrationId() + " created");
                    disableEnrollment(m, oldRegistrationId, Attestation.SymmetricKeys.generatedByDps(), steps);
                    deleteRegistration(m, oldRegistrationId, steps);
                });
    }

    private static void disableEnrollment(EnrollmentManager m, String registrationId, Attestation ifNone,
                                          Steps steps) {
        Optional<IndividualEnrollment> e = m.find(registrationId);
        if (e.isEmpty()) {
            if (ifNone == null) {
                throw new dev.fleetops.core.error.NotFoundException("404201", "no enrollment '" + registrationId
                        + "'");
            }
            m.create(IndividualEnrollment.of(registrationId, ifNone).withSettings(EnrollmentSettings.defaults()
                    .withEnabled(false)));
            steps.step(true, "disabled individual enrollment created");
            return;
        }
        boolean enabled = e.get().settings().enabled();
        if (enabled) {
            m.update(e.get().withSettings(e.get().settings().withEnabled(false)));
        }
        steps.step(enabled, "enrollment disabled");
    }

    private void disableIdentity(EnrollmentManager m, Map<String, FleetClient> views, String registrationId,
                                 Steps steps) {
        m.registration(registrationId).ifPresent(r -> disableIdentity(views, r, steps));
    }

    private void disableIdentity(Map<String, FleetClient> views, RegistrationState r, Steps steps) {
        if (!r.isAssigned()) {
            return;
        }
        FleetClient hub = hub(views, r.assignedHub());
        Optional<Device> device = hub.devices().find(DeviceId.of(r.deviceId()));
        boolean enabled = device.isPresent() && device.get().status().equals(DeviceStatus.ENABLED);
        if (enabled) {
            hub.devices().update(device.get().toBuilder().status(DeviceStatus.DISABLED).statusReason(REVOKED_REASON)
                    .build(), device.get().etag());
        }
        steps.step(enabled, "hub identity " + r.deviceId() + " disabled on " + r.assignedHub());
    }

    private static void deleteRegistration(EnrollmentManager m, String registrationId, Steps steps) {
        steps.step(m.deleteRegistration(registrationId, ETag.ANY), "registration state deleted");
    }

    private FleetClient hub(Map<String, FleetClient> views, String host) {
        FleetClient c = views.get(host);
        if (c == null) {
            throw new IllegalStateException("DPS assigned the device to hub '" + host + "', which this lifecycle has "
                    + "no client for; add one with DeviceLifecycle.Builder.hub(\"" + host + "\", client)");
        }
        return c;
    }

    @Override
    public String toString() {
        return "DeviceLifecycle[hubs=" + hubs.keySet() + "]";
    }

    /** Builds a {@link DeviceLifecycle}. Not thread-safe. */
    public static final class Builder {
        private final EnrollmentManager enrollments;
        private final Map<String, FleetClient> hubs = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder(EnrollmentManager enrollments) {
            this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        }

        /**
         * Adds a hub DPS assigns devices to.
         *
         * @param hostName its host name, as DPS names it in registration states
         * @param client a client of that hub
         * @return this builder
         */
        public Builder hub(String hostName, FleetClient client) {
            hubs.put(Objects.requireNonNull(hostName, "hostName"), Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * Builds the workflows.
         *
         * @return the workflows
         */
        public DeviceLifecycle build() {
            return new DeviceLifecycle(enrollments, java.util.Collections.unmodifiableMap(new TreeMap<>(hubs)));
        }
    }
}

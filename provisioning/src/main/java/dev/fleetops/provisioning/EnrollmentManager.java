package dev.fleetops.provisioning;

import dev.fleetops.core.FleetClient;
import dev.fleetops.core.call.Action;
import dev.fleetops.core.call.RemoteCall;
import dev.fleetops.core.call.Safety;
import dev.fleetops.core.error.ConflictException;
import dev.fleetops.core.error.NotFoundException;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.OperationClass;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.core.model.Quota;
import dev.fleetops.core.model.RolloutBucket;
import dev.fleetops.provisioning.manifest.InvalidManifestException;
import dev.fleetops.provisioning.manifest.Manifest;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.RegistrationState;
import dev.fleetops.provisioning.plan.ApplyProgress;
import dev.fleetops.provisioning.plan.ApplyResult;
import dev.fleetops.provisioning.plan.EnrollmentPlan;
import dev.fleetops.provisioning.plan.PlanOptions;
import dev.fleetops.provisioning.spi.EnrollmentService;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Enrollments in a Device Provisioning Service, through the client's call policy: every DPS call is authorized for
 * its action ({@code enrollment.read}, {@code enrollment.write}, {@code enrollment.delete}, {@code enrollment.keys},
 * {@code registration.delete}), audited when it changes something, paced at the DPS quota of {@value #DPS_PER_MINUTE}
 * operations a minute under its own operation class {@link #DPS} (apart from the hub's), retried only where a
 * repeat is safe, counted in the client's statistics and told to its call listener. Keys never appear in an audit
 * record or a message.
 *
 * <p>Unless built with {@link Builder#stampBuckets(boolean) stampBuckets(false)}, an individual enrollment's initial
 * twin gets the device's stable rollout bucket ({@code tags.fleetops.bucket}, {@link RolloutBucket}), so that
 * job-strategy rollouts reach the device without a backfill. (A group's initial twin is shared by all its devices,
 * so it cannot carry each device's bucket: stamp those with the rollout module's backfill after they register.)
 *
 * <p>Built with {@link #builder(FleetClient, EnrollmentService)}; immutable and thread-safe.
 */
public final class EnrollmentManager {

    /** DPS's quota: operations a minute for the whole instance. */
    public static final int DPS_PER_MINUTE = 1000;
    /** The operation class of DPS calls, paced at {@value #DPS_PER_MINUTE} a minute. */
    public static final OperationClass DPS = OperationClass.of("DPS", Quota.perMinute(DPS_PER_MINUTE));
    /** Reading enrollments, groups and registration states. */
    public static final Action READ = Action.read("enrollment.read");
    /**
     * Reading an enrollment's or a group's keys: declared as a change so that every read of secrets is audited (the
     * record names the enrollment, never a key) and so that the standard reader role, which may read, may not.
     */
    public static final Action READ_KEYS = Action.change("enrollment.keys");
    /** Creating or replacing an enrollment or a group. */
    public static final Action WRITE = Action.change("enrollment.write");
    /** Deleting an enrollment or a group. */
    public static final Action DELETE = Action.change("enrollment.delete");
    /** Deleting a registration state (the device registers anew). */
    public static final Action DELETE_REGISTRATION = Action.change("registration.delete");

    private final FleetClient client;
    private final EnrollmentService dps;
    private final boolean stampBuckets;

    private EnrollmentManager(Builder b) {
        this.client = b.client;
        this.dps = b.dps;
        this.stampBuckets = b.stampBuckets;
    }

    /**
     * Returns a builder over a client (whose operator, policy, audit and statistics the calls use) and a DPS backend.
     *
     * @param client the client
     * @param dps the backend: {@code EmbeddedDps}, or the Azure adapter
     * @return the builder (not thread-safe)
     */
    public static Builder builder(FleetClient client, EnrollmentService dps) {
        return new Builder(client, dps);
    }

    private <T> T call(Action action, String target, Safety safety, String detail, Function<EnrollmentService, T> f) {
        return client.calls().run(RemoteCall.of(action, target, DPS).safety(safety).detail(detail),
                attempt -> f.apply(dps));
    }

    /**
     * Returns the client whose policy, operator and audit this manager's calls use.
     *
     * @return the client
     */
    public FleetClient client() {
        return client;
    }

    /**
     * Returns a manager over the same DPS that calls through another view of the client, for example the view an
     * operation receives from {@code client.calls().perform(...)}, so that its DPS calls carry the operation's
     * correlation id.
     *
     * @param view the client view
     * @return the manager
     */
    public EnrollmentManager using(FleetClient view) {
        Builder b = new Builder(view, dps);
        b.stampBuckets = stampBuckets;
        return new EnrollmentManager(b);
    }

    EnrollmentService service() {
        return dps;
    }

    IndividualEnrollment stamped(IndividualEnrollment e) {
        PropertyTree tags = e.settings().initialTags();
        if (!stampBuckets || tags.get(RolloutBucket.TAG).isPresent()) {
            return e;
        }
        return e.withSettings(e.settings().withInitialTwin(tags.with(RolloutBucket.TAG,
                (long) RolloutBucket.of(e.deviceId())), e.settings().initialDesired()));
    }

    /**
     * Creates an individual enrollment that does not exist yet.
     *
     * @param enrollment the enrollment (keys left null are generated by DPS)
     * @return the enrollment as stored, without keys
     * @throws ConflictException if an enrollment with that registration id exists (checked by a read first; a writer
     *     that creates the same id between the read and the write is overwritten, as DPS's PUT does)
     */
    public IndividualEnrollment create(IndividualEnrollment enrollment) {
        Objects.requireNonNull(enrollment, "enrollment");
        if (find(enrollment.registrationId()).isPresent()) {
            throw new ConflictException("409201", "enrollment '" + enrollment.registrationId() + "' exists already;"
                    + " update it instead");
        }
        IndividualEnrollment e = stamped(enrollment);
        return call(WRITE, target(e.registrationId()), Safety.IDEMPOTENT, describe(e),
                s -> s.putEnrollment(e, ETag.ANY));
    }

    /**
     * Replaces an individual enrollment: guarded by its ETag when it was read from DPS (a change made meanwhile is
     * refused with 412), unconditional when it carries {@link ETag#ANY}. An enrollment read from DPS carries no
     * symmetric keys; replacing it keeps the keys DPS holds (read first, as an audited {@link #READ_KEYS}) rather
     * than letting DPS generate new ones that its device does not have.
     *
     * @param enrollment the enrollment
     * @return the enrollment as stored, without keys
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag is stale
     */
    public IndividualEnrollment update(IndividualEnrollment enrollment) {
        IndividualEnrollment e = keptKeys(stamped(Objects.requireNonNull(enrollment, "enrollment")));
        return call(WRITE, target(e.registrationId()), safety(e.etag()), describe(e),
                s -> s.putEnrollment(e, e.etag()));
    }

    /**
     * Reads an individual enrollment (without its keys).
     *
     * @param registrationId the registration id
     * @return the enrollment, or empty
     */
    public Optional<IndividualEnrollment> find(String registrationId) {
        return call(READ, target(registrationId), Safety.IDEMPOTENT, "", s -> s.findEnrollment(registrationId));
    }

    /**
     * Reads an individual enrollment (without its keys).
     *
     * @param registrationId the registration id
     * @return the enrollment
     * @throws NotFoundException if there is none
     */
    public IndividualEnrollment get(String registrationId) {
        return find(registrationId).orElseThrow(() -> new NotFoundException("404201", "no enrollment '"
                + registrationId + "'"));
    }

    /**
     * Reads an individual enrollment's attestation with its keys: a read of secrets, authorized separately as
     * {@link #READ_KEYS}.
     *
     * @param registrationId the registration id
     * @return the attestation, or empty when there is no such enrollment
     */
    public Optional<Attestation> keys(String registrationId) {
        return call(READ_KEYS, target(registrationId), Safety.IDEMPOTENT, "", s -> s.attestation(registrationId));
    }

    /**
     * Deletes an individual enrollment.
     *
     * @param registrationId the registration id
     * @param ifMatch {@link ETag#ANY} or the version to delete
     * @return false when there was none
     * @throws dev.fleetops.core.error.PreconditionFailedException if the ETag is stale
     */
    public boolean delete(String registrationId, ETag ifMatch) {
        return call(DELETE, target(registrationId), safety(ifMatch), "",
                s -> s.deleteEnrollment(registrationId, ifMatch));
    }

    /**
     * Lists every individual enrollment, page by page (each page one paced DPS call).
     *
     * @return the enrollments, without keys, in registration-id order
     */
    public List<IndividualEnrollment> list() {
        List<IndividualEnrollment> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    /**
     * Streams every individual enrollment, page by page (each page one paced DPS call), holding one page at a time.
     *
     * @param action called on this thread for each enrollment (without keys), in registration-id order
     */
    public void forEach(Consumer<IndividualEnrollment> action) {
        pages("enrollments", EnrollmentService::listEnrollments, action);
    }

    /**
     * Streams the registration states of an enrollment group's devices, page by page (each page one paced DPS call).
     *
     * @param groupId the group id
     * @param action called on this thread for each registration state
     */
    public void forEachRegistration(String groupId, Consumer<RegistrationState> action) {
        Objects.requireNonNull(groupId, "groupId");
        pages("registrations:" + groupId, (s, p) -> s.listRegistrations(groupId, p), action);
    }

    private <T> void pages(String target, java.util.function.BiFunction<EnrollmentService, PageRequest,
            QueryPage<T>> list, Consumer<T> action) {
        Objects.requireNonNull(action, "action");
        PageRequest page = PageRequest.first();
        while (page != null) {
            PageRequest p = page;
            QueryPage<T> got = call(READ, target, Safety.IDEMPOTENT, "", s -> list.apply(s, p));
            got.items().forEach(action);
            page = got.continuationToken().map(page::next).orElse(null);
        }
    }

    /**
     * Lists every enrollment group, page by page (each page one paced DPS call).
     *
     * @return the groups, without keys, in id order
     */
    public List<EnrollmentGroup> listGroups() {
        List<EnrollmentGroup> all = new ArrayList<>();
        pages("enrollmentGroups", EnrollmentService::listGroups, all::add);
        return all;
    }

    /**
     * Plans a manifest with the {@linkplain PlanOptions#defaults() default options}: a manifest with any bad row is
     * refused whole before any call.
     *
     * @param manifest the parsed manifest
     * @return the plan
     * @throws InvalidManifestException if the manifest has a bad row; the exception lists every one
     * @see #plan(Manifest, PlanOptions)
     */
    public EnrollmentPlan plan(Manifest manifest) {
        return plan(manifest, PlanOptions.defaults());
    }

    /**
     * Plans a manifest: diffs each good row (with its rollout bucket stamped, as a create would) against what DPS
     * holds. Costs one listing of the enrollments (a paced read per page of about 100), a key read per row that gives
     * its own symmetric keys and is otherwise unchanged (unless {@code compareKeys} is off), and a listing of the
     * groups when a CA catalog is given. Makes no write.
     *
     * @param manifest the parsed manifest
     * @param options the options
     * @return the plan; {@link EnrollmentPlan#render()} is the dry run
     * @throws InvalidManifestException if the manifest has a bad row and {@code skipInvalid} is off, before any call
     */
    public EnrollmentPlan plan(Manifest manifest, PlanOptions options) {
        return new ManifestPlanner(this).plan(manifest, options);
    }

    /**
     * Applies a plan: creates, conditional updates (refused per row when the enrollment changed since the plan) and
     * deletions, each in bulk calls of at most {@value EnrollmentService#MAX_BULK}, paced at the DPS quota. A bulk call
     * that fails as a whole (after the policy's retries) fails its rows and the apply goes on with the next. Updates
     * of enrollments whose keys DPS generated read those keys first (one audited key read each) and write them back,
     * so that no device loses its key. Unchanged rows make no call, so re-planning and applying an applied manifest
     * makes no write.
     *
     * @param plan the plan, applied once
     * @return a result per row, the skipped bad rows and the calls made
     */
    public ApplyResult apply(EnrollmentPlan plan) {
        return apply(plan, p -> { });
    }

    /**
     * Applies a plan, telling its progress after each bulk call.
     *
     * @param plan the plan, applied once
     * @param progress called on this thread after each bulk call
     * @return a result per row, the skipped bad rows and the calls made
     * @see #apply(EnrollmentPlan)
     */
    public ApplyResult apply(EnrollmentPlan plan, Consumer<ApplyProgress> progress) {
        return new ManifestApplier(this).apply(plan, progress);
    }

    /**
     * Creates or replaces an enrollment group: guarded by its ETag when it was read from DPS. Replacing a group
     * whose symmetric keys are left out keeps the keys DPS holds (an audited key read), so its devices' derived keys
     * stay valid.
     *
     * @param group the group (keys left null are generated by DPS)
     * @return the group as stored, without keys
     */
    public EnrollmentGroup putGroup(EnrollmentGroup group) {
        Objects.requireNonNull(group, "group");
        if (generated(group.attestation())) {
            Optional<Attestation> held = groupKeys(group.groupId());
            if (held.isPresent() && held.get() instanceof Attestation.SymmetricKeys) {
                group = new EnrollmentGroup(group.groupId(), held.get(), group.settings(), group.etag());
            }
        }
        EnrollmentGroup g = group;
        return call(WRITE, "enrollmentGroup:" + g.groupId(), safety(g.etag()),
                "attestation=" + g.attestation().type(), s -> s.putGroup(g, g.etag()));
    }

    /**
     * Reads an enrollment group (without its keys).
     *
     * @param groupId the group id
     * @return the group, or empty
     */
    public Optional<EnrollmentGroup> findGroup(String groupId) {
        return call(READ, "enrollmentGroup:" + groupId, Safety.IDEMPOTENT, "", s -> s.findGroup(groupId));
    }

    /**
     * Reads an enrollment group's attestation with its keys (for deriving device keys), authorized as
     * {@link #READ_KEYS}.
     *
     * @param groupId the group id
     * @return the attestation, or empty
     */
    public Optional<Attestation> groupKeys(String groupId) {
        return call(READ_KEYS, "enrollmentGroup:" + groupId, Safety.IDEMPOTENT, "", s -> s.groupAttestation(groupId));
    }

    /**
     * Deletes an enrollment group.
     *
     * @param groupId the group id
     * @param ifMatch {@link ETag#ANY} or the version to delete
     * @return false when there was none
     */
    public boolean deleteGroup(String groupId, ETag ifMatch) {
        return call(DELETE, "enrollmentGroup:" + groupId, safety(ifMatch), "", s -> s.deleteGroup(groupId, ifMatch));
    }

    /**
     * Reads a device's registration state.
     *
     * @param registrationId the registration id
     * @return the state, or empty when it never registered
     */
    public Optional<RegistrationState> registration(String registrationId) {
        return call(READ, "registration:" + registrationId, Safety.IDEMPOTENT, "",
                s -> s.findRegistration(registrationId));
    }

    /**
     * Deletes a device's registration state, so that it registers anew.
     *
     * @param registrationId the registration id
     * @param ifMatch {@link ETag#ANY} or the version to delete
     * @return false when there was none
     */
    public boolean deleteRegistration(String registrationId, ETag ifMatch) {
        return call(DELETE_REGISTRATION, "registration:" + registrationId, safety(ifMatch), "",
                s -> s.deleteRegistration(registrationId, ifMatch));
    }

    /** Symmetric keys left out: DPS generates them on a create, and would generate new ones on a replace. */
    private static boolean generated(Attestation a) {
        return a instanceof Attestation.SymmetricKeys k && k.primary() == null && k.secondary() == null;
    }

    /**
     * An enrollment to replace, with the keys DPS holds when it carries none: DPS's PUT replaces the whole
     * enrollment, and keys left out would be generated anew, locking its devices out. Costs an audited key read.
     */
    IndividualEnrollment keptKeys(IndividualEnrollment e) {
        if (generated(e.attestation())) {
            Optional<Attestation> held = keys(e.registrationId());
            if (held.isPresent() && held.get() instanceof Attestation.SymmetricKeys) {
                return new IndividualEnrollment(e.registrationId(), e.deviceId(), held.get(), e.settings(), e.etag());
            }
        }
        return e;
    }

    /** A write with an ETag fails on a repeat instead of applying twice; without one it is idempotent (PUT, DELETE). */
    private static Safety safety(ETag ifMatch) {
        return ifMatch.equals(ETag.ANY) ? Safety.IDEMPOTENT : Safety.ETAG_GUARDED;
    }

    private static String target(String registrationId) {
        return "enrollment:" + registrationId;
    }

    /** What the audit record says of a write: never a key. */
    private static String describe(IndividualEnrollment e) {
        return "attestation=" + e.attestation().type() + " deviceId=" + e.deviceId() + " allocation="
                + e.settings().allocationPolicy() + " enabled=" + e.settings().enabled();
    }

    @Override
    public String toString() {
        return "EnrollmentManager[" + dps + "]";
    }

    /** Builds an {@link EnrollmentManager}. Not thread-safe. */
    public static final class Builder {
        private final FleetClient client;
        private final EnrollmentService dps;
        private boolean stampBuckets = true;

        private Builder(FleetClient client, EnrollmentService dps) {
            this.client = Objects.requireNonNull(client, "client");
            this.dps = Objects.requireNonNull(dps, "dps");
        }

        /**
         * Sets whether individual enrollments' initial twins get the device's rollout bucket (default true).
         *
         * @param on whether to stamp
         * @return this builder
         */
        public Builder stampBuckets(boolean on) {
            this.stampBuckets = on;
            return this;
        }

        /**
         * Builds the manager.
         *
         * @return the manager
         */
        public EnrollmentManager build() {
            return new EnrollmentManager(this);
        }
    }
}

package dev.fleetops.provisioning.embedded;

import dev.fleetops.core.embedded.EmbeddedHub;
import dev.fleetops.core.error.DeviceNotFoundException;
import dev.fleetops.core.error.PreconditionFailedException;
import dev.fleetops.core.error.UnauthorizedException;
import dev.fleetops.core.model.Device;
import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.model.TwinPatch;
import dev.fleetops.provisioning.keys.DerivedKeys;
import dev.fleetops.provisioning.model.AllocationPolicy;
import dev.fleetops.provisioning.model.EnrollmentSettings;
import dev.fleetops.core.model.ETag;
import dev.fleetops.core.model.PageRequest;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.QueryPage;
import dev.fleetops.provisioning.keys.SymmetricKey;
import dev.fleetops.provisioning.model.Attestation;
import dev.fleetops.provisioning.model.BulkEnrollmentResult;
import dev.fleetops.provisioning.model.EnrollmentGroup;
import dev.fleetops.provisioning.model.IndividualEnrollment;
import dev.fleetops.provisioning.model.RegistrationState;
import dev.fleetops.provisioning.spi.BulkEnrollmentMode;
import dev.fleetops.provisioning.spi.EnrollmentService;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A Device Provisioning Service in memory, with DPS's visible semantics: ids matched without regard to case,
 * ETags on every record (a write with a stale one is refused with 412), keys generated where none are given and
 * left out of reads, bulk calls of at most ten that apply each enrollment on its own and report the refused ones
 * with DPS's codes (409201 for a create that exists, 412 for a stale ETag, 404 for a missing one), and lists in id
 * order with continuation tokens. Linked to {@link EmbeddedHub}s ({@link #link}), it simulates symmetric-key
 * devices registering ({@link #register}): allocation, reprovision policies, the identity and its initial twin.
 * Thread-safe: every operation holds the instance's lock.
 */
public final class EmbeddedDps implements EnrollmentService {

    private final Clock clock;
    private final Map<String, IndividualEnrollment> enrollments = new TreeMap<>();
    private final Map<String, EnrollmentGroup> groups = new TreeMap<>();
    private final Map<String, RegistrationState> registrations = new TreeMap<>();
    /** The group each registration came through (absent for an individual enrollment's device). */
    private final Map<String, String> registrationGroup = new TreeMap<>();
    private long version;
    /** The linked hubs, by host name. */
    private final Map<String, EmbeddedHub> hubs = new TreeMap<>();

    /**
     * Creates an empty DPS on a clock.
     *
     * @param clock the clock its timestamps come from
     */
    public EmbeddedDps(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private ETag nextEtag() {
        version++;
        return ETag.of(Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(version).array()));
    }

    private static void checkMatch(String what, ETag stored, ETag ifMatch) {
        if (!ifMatch.equals(ETag.ANY) && (stored == null || !stored.equals(ifMatch))) {
            throw new PreconditionFailedException("412", what + (stored == null ? " does not exist" : " has changed")
                    + "; the ETag given does not match");
        }
    }

    /** Fills keys DPS generates. */
    private static Attestation withKeys(Attestation a) {
        if (a instanceof Attestation.SymmetricKeys) {
            Attestation.SymmetricKeys k = (Attestation.SymmetricKeys) a;
            return new Attestation.SymmetricKeys(k.primary() != null ? k.primary() : SymmetricKey.generate(),
                    k.secondary() != null ? k.secondary() : SymmetricKey.generate());
        }
        return a;
    }

    /** The attestation as reads return it: symmetric keys left out. */
    private static Attestation withoutKeys(Attestation a) {
        return a instanceof Attestation.SymmetricKeys ? Attestation.SymmetricKeys.generatedByDps() : a;
    }

    private static IndividualEnrollment readable(IndividualEnrollment e) {
        return new IndividualEnrollment(e.registrationId(), e.deviceId(), withoutKeys(e.attestation()), e.settings(),
                e.etag());
    }

    private static EnrollmentGroup readable(EnrollmentGroup g) {
        return new EnrollmentGroup(g.groupId(), withoutKeys(g.attestation()), g.settings(), g.etag());
    }

    @Override
    public synchronized IndividualEnrollment putEnrollment(IndividualEnrollment enrollment, ETag ifMatch) {
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(ifMatch, "ifMatch");
        IndividualEnrollment stored = enrollments.get(key(enrollment.registrationId()));
        checkMatch("enrollment '" + enrollment.registrationId() + "'", stored == null ? null : stored.etag(), ifMatch);
        IndividualEnrollment next = new IndividualEnrollment(enrollment.registrationId(), enrollment.deviceId(),
                withKeys(enrollment.attestation()), enrollment.settings(), nextEtag());
        enrollments.put(key(enrollment.registrationId()), next);
        return readable(next);
    }

    @Override
    public synchronized Optional<IndividualEnrollment> findEnrollment(String registrationId) {
        return Optional.ofNullable(enrollments.get(key(registrationId))).map(EmbeddedDps::readable);
    }

    @Override
    public synchronized Optional<Attestation> attestation(String registrationId) {
        return Optional.ofNullable(enrollments.get(key(registrationId))).map(IndividualEnrollment::attestation);
    }

    @Override
    public synchronized boolean deleteEnrollment(String registrationId, ETag ifMatch) {
        return delete(enrollments, registrationId, IndividualEnrollment::etag, "enrollment", ifMatch);
    }

    /** Deletes a record if its ETag matches; false when there is none. */
    private static <T> boolean delete(Map<String, T> records, String id, Function<T, ETag> etag, String what,
                                      ETag ifMatch) {
        T stored = records.get(key(id));
        if (stored == null) {
            return false;
        }
        checkMatch(what + " '" + id + "'", etag.apply(stored), ifMatch);
        records.remove(key(id));
        return true;
    }

    @Override
    public synchronized BulkEnrollmentResult bulk(BulkEnrollmentMode mode, List<IndividualEnrollment> batch) {
        Objects.requireNonNull(mode, "mode");
        if (batch.isEmpty() || batch.size() > MAX_BULK) {
            throw new IllegalArgumentException("a bulk enrollment call takes 1 to " + MAX_BULK + " enrollments, not "
                    + batch.size());
        }
        Set<String> seen = new HashSet<>();
        for (IndividualEnrollment e : batch) {
            if (!seen.add(key(e.registrationId()))) {
                throw new IllegalArgumentException("bulk enrollment call repeats '" + e.registrationId() + "'");
            }
        }
        List<BulkEnrollmentResult.Error> errors = new ArrayList<>();
        for (IndividualEnrollment e : batch) {
            IndividualEnrollment stored = enrollments.get(key(e.registrationId()));
            switch (mode) {
                case CREATE:
                    if (stored != null) {
                        errors.add(new BulkEnrollmentResult.Error(e.registrationId(), 409201, "Conflict"));
                    } else {
                        putEnrollment(e, ETag.ANY);
                    }
                    break;
                case UPDATE:
                    putEnrollment(e, ETag.ANY);
                    break;
                case UPDATE_IF_MATCH_ETAG:
                    if (stored == null) {
                        errors.add(new BulkEnrollmentResult.Error(e.registrationId(), 404201, "NotFound"));
                    } else if (!stored.etag().equals(e.etag())) {
                        errors.add(new BulkEnrollmentResult.Error(e.registrationId(), 412201, "PreconditionFailed"));
                    } else {
                        putEnrollment(e, e.etag());
                    }
                    break;
                case DELETE:
                    if (!deleteEnrollment(e.registrationId(), ETag.ANY)) {
                        errors.add(new BulkEnrollmentResult.Error(e.registrationId(), 404201, "NotFound"));
                    }
                    break;
                default:
                    throw new IllegalStateException("bulk mode " + mode);
            }
        }
        return new BulkEnrollmentResult(errors);
    }

    @Override
    public synchronized QueryPage<IndividualEnrollment> listEnrollments(PageRequest page) {
        return pageOf(enrollments, page, EmbeddedDps::readable);
    }

    @Override
    public synchronized EnrollmentGroup putGroup(EnrollmentGroup group, ETag ifMatch) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(ifMatch, "ifMatch");
        EnrollmentGroup stored = groups.get(key(group.groupId()));
        checkMatch("enrollment group '" + group.groupId() + "'", stored == null ? null : stored.etag(), ifMatch);
        EnrollmentGroup next = new EnrollmentGroup(group.groupId(), withKeys(group.attestation()), group.settings(),
                nextEtag());
        groups.put(key(group.groupId()), next);
        return readable(next);
    }

    @Override
    public synchronized Optional<EnrollmentGroup> findGroup(String groupId) {
        return Optional.ofNullable(groups.get(key(groupId))).map(EmbeddedDps::readable);
    }

    @Override
    public synchronized Optional<Attestation> groupAttestation(String groupId) {
        return Optional.ofNullable(groups.get(key(groupId))).map(EnrollmentGroup::attestation);
    }

    @Override
    public synchronized boolean deleteGroup(String groupId, ETag ifMatch) {
        return delete(groups, groupId, EnrollmentGroup::etag, "enrollment group", ifMatch);
    }

    @Override
    public synchronized QueryPage<EnrollmentGroup> listGroups(PageRequest page) {
        return pageOf(groups, page, EmbeddedDps::readable);
    }

    @Override
    public synchronized Optional<RegistrationState> findRegistration(String registrationId) {
        return Optional.ofNullable(registrations.get(key(registrationId)));
    }

    @Override
    public synchronized boolean deleteRegistration(String registrationId, ETag ifMatch) {
        boolean deleted = delete(registrations, registrationId, RegistrationState::etag, "registration", ifMatch);
        registrationGroup.remove(key(registrationId));
        return deleted;
    }

    @Override
    public synchronized QueryPage<RegistrationState> listRegistrations(String groupId, PageRequest page) {
        Objects.requireNonNull(groupId, "groupId");
        TreeMap<String, RegistrationState> ofGroup = new TreeMap<>();
        registrations.forEach((id, state) -> {
            if (key(groupId).equals(registrationGroup.get(id))) {
                ofGroup.put(id, state);
            }
        });
        return pageOf(ofGroup, page, Function.identity());
    }

    /**
     * Records a registration state as DPS would after a device registered, without a hub's identity (for tests of
     * what reads states; {@link #register} simulates the whole registration).
     *
     * @param registrationId the registration id
     * @param groupId the enrollment group it registered through, or null for an individual enrollment
     * @param deviceId the device id it got
     * @param hub the hub it was assigned to
     * @return the state stored
     */
    public synchronized RegistrationState recordRegistration(String registrationId, String groupId, String deviceId,
                                                             String hub) {
        RegistrationState previous = registrations.get(key(registrationId));
        return record(registrationId, groupId, new RegistrationState(registrationId, deviceId, hub,
                RegistrationState.ASSIGNED, previous == null ? "initialAssignment" : "deviceDataMigrated",
                previous == null ? clock.instant() : previous.created(), clock.instant(), nextEtag()));
    }

    /**
     * Links an embedded hub under a host name, so that devices can be assigned to it.
     *
     * @param hostName the hub's host name, for example {@code hub-eu.azure-devices.net}
     * @param hub the hub
     * @return this DPS
     */
    public synchronized EmbeddedDps link(String hostName, EmbeddedHub hub) {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(hub, "hub");
        hubs.put(hostName, hub);
        return this;
    }

    /**
     * Simulates a symmetric-key device registering, as DPS handles it: the device proves itself with its key (its
     * individual enrollment's when the registration id has one, which then alone decides, else one derived from a
     * group's key); a disabled enrollment records a
     * {@code disabled} state; otherwise a hub is picked among the enrollment's hubs (all linked hubs when it names
     * none) by its allocation policy ({@code hashed} and {@code geoLatency} by a stable hash of the registration id,
     * the simulation having no geography; {@code static} the one hub; {@code custom} is refused, the embedded DPS
     * calling no webhook). A device registering again stays on its hub under {@code never}; moving hubs, it takes
     * its twin's tags and desired properties along under {@code migrate} and starts from the initial twin under
     * {@code reset}. The identity is created in the hub when missing, and a new identity gets the enrollment's
     * initial twin.
     *
     * @param registrationId the registration id the device presents
     * @param deviceKey the key the device signs with
     * @return the registration state recorded
     * @throws UnauthorizedException if no enabled or disabled enrollment accepts the key (nothing is recorded, as
     *     DPS answers 401)
     * @throws IllegalStateException if no linked hub can take the device, or the allocation is custom
     */
    public synchronized RegistrationState register(String registrationId, SymmetricKey deviceKey) {
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(deviceKey, "deviceKey");
        IndividualEnrollment individual = enrollments.get(key(registrationId));
        EnrollmentSettings settings;
        DeviceId deviceId;
        String groupId = null;
        if (individual != null) {
            // DPS looks up the registration id's individual enrollment first, and it alone decides: that is how a
            // disabled individual enrollment blocks one device of a group
            if (!(individual.attestation() instanceof Attestation.SymmetricKeys)
                    || !matches((Attestation.SymmetricKeys) individual.attestation(), deviceKey, null)) {
                throw new UnauthorizedException("401002", "registration '" + registrationId + "': its individual "
                        + "enrollment does not accept the key the device presented");
            }
            settings = individual.settings();
            deviceId = individual.deviceId();
        } else {
            EnrollmentGroup group = null;
            for (EnrollmentGroup g : groups.values()) {
                if (g.attestation() instanceof Attestation.SymmetricKeys
                        && matches((Attestation.SymmetricKeys) g.attestation(), deviceKey, registrationId)) {
                    group = g;
                    break;
                }
            }
            if (group == null) {
                throw new UnauthorizedException("401002", "registration '" + registrationId + "': no enrollment "
                        + "accepts the key the device presented");
            }
            settings = group.settings();
            deviceId = DeviceId.of(registrationId);
            groupId = group.groupId();
        }
        RegistrationState previous = registrations.get(key(registrationId));
        if (!settings.enabled()) {
            return record(registrationId, groupId, new RegistrationState(registrationId, "", "",
                    RegistrationState.DISABLED, "", previous == null ? clock.instant() : previous.created(),
                    clock.instant(), nextEtag()));
        }
        String hub = pickHub(registrationId, settings, previous);
        EmbeddedHub target = hubs.get(hub);
        boolean moved = previous != null && previous.isAssigned() && !previous.assignedHub().equals(hub);
        if (!exists(target, deviceId)) {
            target.registry().create(Device.of(deviceId));
            PropertyTree tags = settings.initialTags();
            PropertyTree desired = settings.initialDesired();
            if (moved && settings.reprovisionPolicy().migrateDeviceData()) {
                EmbeddedHub from = hubs.get(previous.assignedHub());
                if (from != null && exists(from, deviceId)) {
                    Twin old = from.twins().get(deviceId);
                    tags = old.tags();
                    desired = old.desired();
                }
            }
            writeTwin(target, deviceId, tags, desired);
        } else if (moved && !settings.reprovisionPolicy().migrateDeviceData()) {
            writeTwin(target, deviceId, settings.initialTags(), settings.initialDesired());
        }
        String substatus = previous == null || !previous.isAssigned() ? "initialAssignment"
                : !moved ? previous.substatus()
                : settings.reprovisionPolicy().migrateDeviceData() ? "deviceDataMigrated" : "deviceDataReset";
        return record(registrationId, groupId, new RegistrationState(registrationId, deviceId.value(), hub,
                RegistrationState.ASSIGNED, substatus, previous == null ? clock.instant() : previous.created(),
                clock.instant(), nextEtag()));
    }

    private static void writeTwin(EmbeddedHub hub, DeviceId id, PropertyTree tags, PropertyTree desired) {
        if (!tags.isEmpty() || !desired.isEmpty()) {
            hub.twins().patch(id, new TwinPatch(tags, desired), ETag.ANY);
        }
    }

    private static boolean exists(EmbeddedHub hub, DeviceId id) {
        try {
            hub.registry().get(id);
            return true;
        } catch (DeviceNotFoundException e) {
            return false;
        }
    }

    private static boolean matches(Attestation.SymmetricKeys keys, SymmetricKey presented, String derivedFor) {
        for (SymmetricKey k : new SymmetricKey[] {keys.primary(), keys.secondary()}) {
            if (k != null && (derivedFor == null ? k : DerivedKeys.forDevice(k, derivedFor)).equals(presented)) {
                return true;
            }
        }
        return false;
    }

    private String pickHub(String registrationId, EnrollmentSettings settings, RegistrationState previous) {
        List<String> candidates = new ArrayList<>();
        for (String h : settings.iotHubs().isEmpty() ? new ArrayList<>(hubs.keySet()) : settings.iotHubs()) {
            if (hubs.containsKey(h)) {
                candidates.add(h);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("registration '" + registrationId + "': none of the enrollment's hubs "
                    + settings.iotHubs() + " is linked to this DPS (linked: " + hubs.keySet() + ")");
        }
        if (settings.allocationPolicy() == AllocationPolicy.CUSTOM) {
            throw new IllegalStateException("registration '" + registrationId + "': custom allocation calls a "
                    + "webhook, which the embedded DPS does not");
        }
        if (previous != null && previous.isAssigned() && !settings.reprovisionPolicy().updateHubAssignment()
                && hubs.containsKey(previous.assignedHub())) {
            return previous.assignedHub(); // never reprovision: the device keeps its hub
        }
        Collections.sort(candidates);
        int h = Math.floorMod(key(registrationId).hashCode(), candidates.size());
        return candidates.get(h);
    }

    private RegistrationState record(String registrationId, String groupId, RegistrationState s) {
        registrations.put(key(registrationId), s);
        if (groupId != null) {
            registrationGroup.put(key(registrationId), key(groupId));
        } else {
            registrationGroup.remove(key(registrationId));
        }
        return s;
    }

    /** A page of a sorted map; the token is the last key of the previous page. */
    private static <T, R> QueryPage<R> pageOf(Map<String, T> all, PageRequest page, Function<T, R> view) {
        Objects.requireNonNull(page, "page");
        TreeMap<String, T> sorted = (TreeMap<String, T>) all;
        Map<String, T> rest = page.continuationToken().map(t -> (Map<String, T>) sorted.tailMap(t, false))
                .orElse(sorted);
        List<R> items = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, T> e : rest.entrySet()) {
            if (items.size() == page.pageSize()) {
                return QueryPage.of(items, last);
            }
            items.add(view.apply(e.getValue()));
            last = e.getKey();
        }
        return QueryPage.last(items);
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedDps[" + enrollments.size() + " enrollments, " + groups.size() + " groups, "
                + registrations.size() + " registrations]";
    }
}

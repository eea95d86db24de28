package dev.fleetops.provisioning.model;

import dev.fleetops.core.model.PropertyTree;

import java.util.List;
import java.util.Objects;

/**
 * What individual enrollments and enrollment groups share: the hubs a device may be assigned to and how one is
 * picked, what happens when it registers again, whether it is an IoT Edge device, the twin it starts with, and
 * whether the enrollment is enabled. Immutable and thread-safe; the {@code with} methods return copies.
 *
 * @param iotHubs the host names of the linked hubs the device may go to; empty for all of DPS's linked hubs
 * @param allocationPolicy how a hub is picked; {@link AllocationPolicy#STATIC} needs exactly one hub
 * @param reprovisionPolicy what a new registration does
 * @param iotEdge whether the device is an IoT Edge device
 * @param initialTags the tags of the device's initial twin
 * @param initialDesired the desired properties of the device's initial twin
 * @param enabled whether devices may register ({@code provisioningStatus} enabled)
 */
public record EnrollmentSettings(List<String> iotHubs, AllocationPolicy allocationPolicy,
                                 ReprovisionPolicy reprovisionPolicy, boolean iotEdge, PropertyTree initialTags,
                                 PropertyTree initialDesired, boolean enabled) {

    /**
     * Validates the settings and copies the hub list.
     *
     * @param iotHubs the hubs
     * @param allocationPolicy the allocation policy
     * @param reprovisionPolicy the reprovision policy
     * @param iotEdge whether IoT Edge
     * @param initialTags the initial tags
     * @param initialDesired the initial desired properties
     * @param enabled whether enabled
     * @throws IllegalArgumentException if a hub name is empty or repeated, or a static policy has other than one hub
     *     (the message names the field)
     */
    public EnrollmentSettings {
        Objects.requireNonNull(allocationPolicy, "allocationPolicy");
        Objects.requireNonNull(reprovisionPolicy, "reprovisionPolicy");
        Objects.requireNonNull(initialTags, "initialTags");
        Objects.requireNonNull(initialDesired, "initialDesired");
        iotHubs = List.copyOf(iotHubs);
        for (int i = 0; i < iotHubs.size(); i++) {
            if (iotHubs.get(i).isEmpty()) {
                throw new IllegalArgumentException("iotHubs[" + i + "] is empty; give a hub's host name");
            }
            if (iotHubs.indexOf(iotHubs.get(i)) != i) {
                throw new IllegalArgumentException("iotHubs[" + i + "] repeats '" + iotHubs.get(i) + "'");
            }
        }
        if (allocationPolicy == AllocationPolicy.STATIC && iotHubs.size() != 1) {
            throw new IllegalArgumentException("allocationPolicy static needs exactly one hub in iotHubs, not "
                    + iotHubs.size());
        }
    }

    /**
     * Returns DPS's defaults: every linked hub, hashed allocation, reprovision and migrate, not IoT Edge, an empty
     * initial twin, enabled.
     *
     * @return the settings
     */
    public static EnrollmentSettings defaults() {
        return new EnrollmentSettings(List.of(), AllocationPolicy.HASHED, ReprovisionPolicy.MIGRATE, false,
                PropertyTree.empty(), PropertyTree.empty(), true);
    }

    /**
     * Returns a copy with other hubs and allocation policy.
     *
     * @param policy the allocation policy
     * @param hubs the hubs' host names
     * @return the settings
     */
    public EnrollmentSettings withAllocation(AllocationPolicy policy, List<String> hubs) {
        return new EnrollmentSettings(hubs, policy, reprovisionPolicy, iotEdge, initialTags, initialDesired, enabled);
    }

    /**
     * Returns a copy with another reprovision policy.
     *
     * @param policy the policy
     * @return the settings
     */
    public EnrollmentSettings withReprovision(ReprovisionPolicy policy) {
        return new EnrollmentSettings(iotHubs, allocationPolicy, policy, iotEdge, initialTags, initialDesired,
                enabled);
    }

    /**
     * Returns a copy marked as IoT Edge or not.
     *
     * @param edge whether IoT Edge
     * @return the settings
     */
    public EnrollmentSettings withIotEdge(boolean edge) {
        return new EnrollmentSettings(iotHubs, allocationPolicy, reprovisionPolicy, edge, initialTags, initialDesired,
                enabled);
    }

    /**
     * Returns a copy with another initial twin.
     *
     * @param tags the tags
     * @param desired the desired properties
     * @return the settings
     */
    public EnrollmentSettings withInitialTwin(PropertyTree tags, PropertyTree desired) {
        return new EnrollmentSettings(iotHubs, allocationPolicy, reprovisionPolicy, iotEdge, tags, desired, enabled);
    }

    /**
     * Returns a copy enabled or disabled.
     *
     * @param on whether enabled
     * @return the settings
     */
    public EnrollmentSettings withEnabled(boolean on) {
        return new EnrollmentSettings(iotHubs, allocationPolicy, reprovisionPolicy, iotEdge, initialTags,
                initialDesired, on);
    }
}

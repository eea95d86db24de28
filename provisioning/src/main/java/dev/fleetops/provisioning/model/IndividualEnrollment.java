package dev.fleetops.provisioning.model;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.ETag;
import dev.fleetops.provisioning.keys.DerivedKeys;

import java.util.Objects;

/**
 * One device's enrollment in DPS. The device id defaults to the registration id; a device with its own X.509
 * certificate has a registration id of at most 64 characters (the certificate's CN limit). Immutable and
 * thread-safe; its {@code toString} never shows a key.
 *
 * @param registrationId the registration id (DPS's rules: see {@link DerivedKeys#checkRegistrationId})
 * @param deviceId the IoT Hub device id the device gets
 * @param attestation how the device proves who it is (any type)
 * @param settings hubs, allocation, reprovisioning, IoT Edge, initial twin, enabled
 * @param etag the version DPS holds, {@link ETag#ANY} for one not read from DPS
 */
public record IndividualEnrollment(String registrationId, DeviceId deviceId, Attestation attestation,
                                   EnrollmentSettings settings, ETag etag) {

    /** The longest registration id of a device attested by its own X.509 certificate. */
    public static final int MAX_X509_REGISTRATION_ID = 64;

    /**
     * Validates the enrollment.
     *
     * @param registrationId the registration id
     * @param deviceId the device id
     * @param attestation the attestation
     * @param settings the settings
     * @param etag the ETag
     * @throws IllegalArgumentException if the registration id breaks DPS's rules, is longer than 64 characters for
     *     an X.509 device, or the attestation is a CA reference (groups only); the message names the field
     */
    public IndividualEnrollment {
        DerivedKeys.checkRegistrationId(registrationId);
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(attestation, "attestation");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(etag, "etag");
        if (attestation instanceof Attestation.X509CaReferences) {
            throw new IllegalArgumentException("individual enrollment '" + registrationId + "': attestation by CA "
                    + "reference is for enrollment groups; an individual enrollment takes the device's certificate");
        }
        if (attestation instanceof Attestation.X509Certificates
                && registrationId.length() > MAX_X509_REGISTRATION_ID) {
            throw new IllegalArgumentException("individual enrollment '" + registrationId + "': registrationId is "
                    + registrationId.length() + " characters; an X.509 device's is at most "
                    + MAX_X509_REGISTRATION_ID);
        }
    }

    /**
     * Returns an enrollment with the default settings, the device id equal to the registration id, not read from
     * DPS.
     *
     * @param registrationId the registration id
     * @param attestation the attestation
     * @return the enrollment
     */
    public static IndividualEnrollment of(String registrationId, Attestation attestation) {
        DerivedKeys.checkRegistrationId(registrationId);
        return new IndividualEnrollment(registrationId, DeviceId.of(registrationId), attestation,
                EnrollmentSettings.defaults(), ETag.ANY);
    }

    /**
     * Returns a copy with other settings.
     *
     * @param s the settings
     * @return the enrollment
     */
    public IndividualEnrollment withSettings(EnrollmentSettings s) {
        return new IndividualEnrollment(registrationId, deviceId, attestation, s, etag);
    }

    /**
     * Returns a copy with another device id.
     *
     * @param id the device id
     * @return the enrollment
     */
    public IndividualEnrollment withDeviceId(DeviceId id) {
        return new IndividualEnrollment(registrationId, id, attestation, settings, etag);
    }
}

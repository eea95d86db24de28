package dev.fleetops.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A device identity in the IoT hub's identity registry.
 *
 * <p>On {@code create}, only {@code id}, {@code status}, {@code statusReason}, {@code authenticationType} and
 * {@code iotEdge} are read; the hub assigns the rest. Symmetric keys and certificate thumbprints are deliberately not
 * part of this record, so that a {@code Device} can be logged, stored and compared without carrying a secret.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the device id
 * @param status whether the device may connect
 * @param statusReason free text explaining the status (at most 128 characters), empty when none
 * @param authenticationType how the device authenticates
 * @param connectionState the connection state the hub last saw (a hint: it lags)
 * @param lastActivityTime when the hub last saw the device, {@link #NEVER} if never
 * @param modelId the IoT Plug and Play model id the device announced, empty when none
 * @param iotEdge whether the device is an IoT Edge device
 * @param etag the ETag; {@link ETag#ANY} before the hub has assigned one
 * @param statusUpdatedTime when the status last changed, {@link #NEVER} if never (hub-assigned)
 */
public record Device(
        DeviceId id,
        DeviceStatus status,
        String statusReason,
        AuthenticationType authenticationType,
        ConnectionState connectionState,
        Instant lastActivityTime,
        String modelId,
        boolean iotEdge,
        ETag etag,
        Instant statusUpdatedTime) {

    /** The time IoT Hub reports for a device that has never been active ({@code 0001-01-01T00:00:00Z}). */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    /** The longest status reason IoT Hub stores, in characters. */
    public static final int MAX_STATUS_REASON = 128;

    /**
     * Validates the record.
     *
     * @param id the device id
     * @param status whether the device may connect
     * @param statusReason free text explaining the status (at most 128 characters), empty when none
     * @param authenticationType how the device authenticates
     * @param connectionState the connection state the hub last saw (a hint: it lags)
     * @param lastActivityTime when the hub last saw the device, {@link #NEVER} if never
     * @param modelId the IoT Plug and Play model id the device announced, empty when none
     * @param iotEdge whether the device is an IoT Edge device
     * @param etag the ETag; {@link ETag#ANY} before the hub has assigned one
     * @param statusUpdatedTime when the status last changed, {@link #NEVER} if never (hub-assigned)
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the status reason is longer than {@value #MAX_STATUS_REASON} characters
     */
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(authenticationType, "authenticationType");
        Objects.requireNonNull(connectionState, "connectionState");
        Objects.requireNonNull(lastActivityTime, "lastActivityTime");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(statusUpdatedTime, "statusUpdatedTime");
        if (statusReason.length() > MAX_STATUS_REASON) {
            throw new IllegalArgumentException("statusReason of device " + id + " is " + statusReason.length()
                    + " characters; IoT Hub allows at most " + MAX_STATUS_REASON);
        }
    }

    /**
     * Returns a new enabled SAS device, as passed to {@code create}.
     *
     * @param id the device id
     * @return the device
     */
    public static Device of(DeviceId id) {
        return builder(id).build();
    }

    /**
     * Returns a builder for a new enabled SAS device.
     *
     * @param id the device id
     * @return the builder (not thread-safe)
     */
    public static Builder builder(DeviceId id) {
        return new Builder(id);
    }

    /**
     * Returns a builder that starts from this device.
     *
     * @return the builder (not thread-safe)
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.status = status;
        b.statusReason = statusReason;
        b.authenticationType = authenticationType;
        b.connectionState = connectionState;
        b.lastActivityTime = lastActivityTime;
        b.modelId = modelId;
        b.iotEdge = iotEdge;
        b.etag = etag;
        b.statusUpdatedTime = statusUpdatedTime;
        return b;
    }

    /** Builds {@link Device}s. Not thread-safe. */
    public static final class Builder {
        private final DeviceId id;
        private DeviceStatus status = DeviceStatus.ENABLED;
        private String statusReason = "";
        private AuthenticationType authenticationType = AuthenticationType.SAS;
        private ConnectionState connectionState = ConnectionState.DISCONNECTED;
        private Instant lastActivityTime = NEVER;
        private String modelId = "";
        private boolean iotEdge;
        private ETag etag = ETag.ANY;
        private Instant statusUpdatedTime = NEVER;

        private Builder(DeviceId id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * Sets the status.
         *
         * @param v the status
         * @return this builder
         */
        public Builder status(DeviceStatus v) {
            this.status = v;
            return this;
        }

        /**
         * Sets the status reason.
         *
         * @param v at most 128 characters
         * @return this builder
         */
        public Builder statusReason(String v) {
            this.statusReason = v;
            return this;
        }

        /**
         * Sets the authentication type.
         *
         * @param v the type
         * @return this builder
         */
        public Builder authenticationType(AuthenticationType v) {
            this.authenticationType = v;
            return this;
        }

        /**
         * Sets the connection state (hub-assigned; ignored on create).
         *
         * @param v the state
         * @return this builder
         */
        public Builder connectionState(ConnectionState v) {
            this.connectionState = v;
            return this;
        }

        /**
         * Sets the last activity time (hub-assigned).
         *
         * @param v the time
         * @return this builder
         */
        public Builder lastActivityTime(Instant v) {
            this.lastActivityTime = v;
            return this;
        }

        /**
         * Sets the model id (announced by the device).
         *
         * @param v the model id
         * @return this builder
         */
        public Builder modelId(String v) {
            this.modelId = v;
            return this;
        }

        /**
         * Marks the device as an IoT Edge device.
         *
         * @param v true for Edge
         * @return this builder
         */
        public Builder iotEdge(boolean v) {
            this.iotEdge = v;
            return this;
        }

        /**
         * Sets the ETag (hub-assigned).
         *
         * @param v the ETag
         * @return this builder
         */
        public Builder etag(ETag v) {
            this.etag = java.util.Objects.requireNonNull(v, "etag");
            return this;
        }

        /**
         * Sets when the status last changed (hub-assigned).
         *
         * @param v the time, {@link #NEVER} if never
         * @return this builder
         */
        public Builder statusUpdatedTime(Instant v) {
            this.statusUpdatedTime = Objects.requireNonNull(v, "statusUpdatedTime");
            return this;
        }

        /**
         * Builds the device.
         *
         * @return the device
         * @throws NullPointerException if a setting was set to null
         * @throws IllegalArgumentException if the status reason is too long
         */
        public Device build() {
            return new Device(id, status, statusReason, authenticationType, connectionState, lastActivityTime,
                    modelId, iotEdge, etag, statusUpdatedTime);
        }
    }
}

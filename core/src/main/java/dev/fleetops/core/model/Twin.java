package dev.fleetops.core.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A device twin (or module twin) as IoT Hub returns it: identity fields, tags, desired and reported properties with
 * their {@code $version}s, the twin's overall version and ETag, and the status of each automatic device management
 * configuration on it.
 *
 * <p>The ETag changes with every write to the twin; pass it back to a twin patch to make the patch conditional.
 * {@link #toTree()} gives the JSON document that queries see, with IoT Hub's field names.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param deviceId the device
 * @param moduleId the module for a module twin, empty for a device twin
 * @param etag the ETag; {@link ETag#ANY} before the hub has assigned one
 * @param version the twin's version, incremented by every write
 * @param status the device status
 * @param connectionState the connection state (a hint: it lags)
 * @param lastActivityTime when the device was last active, {@link Device#NEVER} if never
 * @param authenticationType how the device authenticates
 * @param modelId the IoT Plug and Play model id, empty when none
 * @param iotEdge whether the device is an IoT Edge device
 * @param tags the tags, written by back ends only
 * @param desired the desired properties, written by back ends, read by the device
 * @param desiredVersion the desired properties' {@code $version}
 * @param reported the reported properties, written by the device
 * @param reportedVersion the reported properties' {@code $version}
 * @param configurations status of each configuration by configuration id
 */
public record Twin(
        DeviceId deviceId,
        String moduleId,
        ETag etag,
        long version,
        DeviceStatus status,
        ConnectionState connectionState,
        Instant lastActivityTime,
        AuthenticationType authenticationType,
        String modelId,
        boolean iotEdge,
        PropertyTree tags,
        PropertyTree desired,
        long desiredVersion,
        PropertyTree reported,
        long reportedVersion,
        Map<String, ConfigurationStatus> configurations) {

    /**
     * Validates the record and copies the configuration map.
     *
     * @param deviceId the device
     * @param moduleId the module for a module twin, empty for a device twin
     * @param etag the ETag; {@link ETag#ANY} before the hub has assigned one
     * @param version the twin's version, incremented by every write
     * @param status the device status
     * @param connectionState the connection state (a hint: it lags)
     * @param lastActivityTime when the device was last active, {@link Device#NEVER} if never
     * @param authenticationType how the device authenticates
     * @param modelId the IoT Plug and Play model id, empty when none
     * @param iotEdge whether the device is an IoT Edge device
     * @param tags the tags, written by back ends only
     * @param desired the desired properties, written by back ends, read by the device
     * @param desiredVersion the desired properties' {@code $version}
     * @param reported the reported properties, written by the device
     * @param reportedVersion the reported properties' {@code $version}
     * @param configurations status of each configuration by configuration id
     * @throws NullPointerException if a component is null
     */
    public Twin {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(moduleId, "moduleId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(connectionState, "connectionState");
        Objects.requireNonNull(lastActivityTime, "lastActivityTime");
        Objects.requireNonNull(authenticationType, "authenticationType");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(reported, "reported");
        configurations = configurations.isEmpty() ? Map.of() : Map.copyOf(configurations);
    }

    /**
     * Returns a builder for a twin of {@code deviceId} with empty documents and version 1.
     *
     * @param deviceId the device
     * @return the builder (not thread-safe)
     */
    public static Builder builder(DeviceId deviceId) {
        return new Builder(deviceId);
    }

    /**
     * Returns a builder starting from this twin.
     *
     * @return the builder (not thread-safe)
     */
    public Builder toBuilder() {
        Builder b = new Builder(deviceId);
        b.moduleId = moduleId;
        b.etag = etag;
        b.version = version;
        b.status = status;
        b.connectionState = connectionState;
        b.lastActivityTime = lastActivityTime;
        b.authenticationType = authenticationType;
        b.modelId = modelId;
        b.iotEdge = iotEdge;
        b.tags = tags;
        b.desired = desired;
        b.desiredVersion = desiredVersion;
        b.reported = reported;
        b.reportedVersion = reportedVersion;
        b.configurations = configurations;
        return b;
    }

    /**
     * Tells whether this is a module twin.
     *
     * @return true when {@link #moduleId()} is not empty
     */
    public boolean isModuleTwin() {
        return !moduleId.isEmpty();
    }

    /**
     * Returns the twin as the JSON document IoT Hub returns and queries see: {@code deviceId}, {@code etag},
     * {@code version}, {@code status}, {@code connectionState}, {@code lastActivityTime}, {@code authenticationType},
     * {@code modelId}, {@code capabilities.iotEdge}, {@code tags}, {@code properties.desired} (with
     * {@code $version}), {@code properties.reported} (with {@code $version}) and {@code configurations}.
     *
     * @return a new tree
     */
    public PropertyTree toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", deviceId.value());
        if (isModuleTwin()) {
            m.put("moduleId", moduleId);
        }
        m.put("etag", etag.value());
        m.put("version", version);
        m.put("status", status.wireName());
        m.put("connectionState", connectionState.wireName());
        m.put("lastActivityTime", lastActivityTime.toString());
        m.put("authenticationType", authenticationType.wireName());
        m.put("modelId", modelId);
        m.put("capabilities", Map.of("iotEdge", iotEdge));
        m.put("tags", tags);
        m.put("properties", Map.of(
                "desired", desired.with("$version", desiredVersion),
                "reported", reported.with("$version", reportedVersion)));
        if (!configurations.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            configurations.forEach((id, s) -> c.put(id, Map.of("status", s.wireName())));
            m.put("configurations", c);
        }
        return PropertyTree.of(m);
    }

    /**
     * Reads a twin from the JSON document IoT Hub returns (the inverse of {@link #toTree()}); unknown fields are
     * ignored and {@code $metadata} is dropped.
     *
     * @param tree the twin document
     * @return the twin
     * @throws IllegalArgumentException if {@code deviceId} is missing or a field has the wrong type; the message
     *     names the field
     */
    public static Twin fromTree(PropertyTree tree) {
        String id = tree.getString("deviceId")
                .orElseThrow(() -> new IllegalArgumentException("twin document has no string field 'deviceId'"));
        Builder b = builder(DeviceId.of(id));
        tree.getString("moduleId").ifPresent(b::moduleId);
        tree.getString("etag").map(ETag::of).ifPresent(b::etag);
        tree.getLong("version").ifPresent(b::version);
        tree.getString("status").ifPresent(s -> b.status(DeviceStatus.of(s)));
        tree.getString("connectionState").ifPresent(s -> b.connectionState(ConnectionState.of(s)));
        tree.getString("lastActivityTime").ifPresent(s -> b.lastActivityTime(parseTime(s, "lastActivityTime")));
        tree.getString("authenticationType").ifPresent(s -> b.authenticationType(AuthenticationType.of(s)));
        tree.getString("modelId").ifPresent(b::modelId);
        tree.getBoolean("capabilities.iotEdge").ifPresent(b::iotEdge);
        tree.getTree("tags").ifPresent(b::tags);
        tree.getTree("properties.desired").ifPresent(d -> {
            b.desired(d.without("$version").without("$metadata"));
            d.getLong("$version").ifPresent(b::desiredVersion);
        });
        tree.getTree("properties.reported").ifPresent(r -> {
            b.reported(r.without("$version").without("$metadata"));
            r.getLong("$version").ifPresent(b::reportedVersion);
        });
        tree.getTree("configurations").ifPresent(c -> {
            Map<String, ConfigurationStatus> map = new LinkedHashMap<>();
            c.forEach((cid, v) -> {
                if (v instanceof PropertyTree) {
                    ((PropertyTree) v).getString("status").ifPresent(s -> map.put(cid, ConfigurationStatus.of(s)));
                }
            });
            b.configurations(map);
        });
        return b.build();
    }

    private static Instant parseTime(String text, String field) {
        try {
            if (text.startsWith("0001-01-01")) {
                return Device.NEVER;
            }
            return Instant.parse(text.endsWith("Z") || text.contains("+") ? text : text + "Z");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("twin field '" + field + "' is not an ISO-8601 time: " + text, e);
        }
    }

    /**
     * Builds {@link Twin}s. Not thread-safe.
     */
    public static final class Builder {
        private final DeviceId deviceId;
        private String moduleId = "";
        private ETag etag = ETag.ANY;
        private long version = 1;
        private DeviceStatus status = DeviceStatus.ENABLED;
        private ConnectionState connectionState = ConnectionState.DISCONNECTED;
        private Instant lastActivityTime = Device.NEVER;
        private AuthenticationType authenticationType = AuthenticationType.SAS;
        private String modelId = "";
        private boolean iotEdge;
        private PropertyTree tags = PropertyTree.empty();
        private PropertyTree desired = PropertyTree.empty();
        private long desiredVersion = 1;
        private PropertyTree reported = PropertyTree.empty();
        private long reportedVersion = 1;
        private Map<String, ConfigurationStatus> configurations = Map.of();

        private Builder(DeviceId deviceId) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        }

        /**
         * Sets the module id, empty for a device twin.
         *
         * @param v the module id, empty for a device twin
         * @return this builder
         */
        public Builder moduleId(String v) {
            this.moduleId = v;
            return this;
        }

        /**
         * Sets the ETag.
         *
         * @param v the ETag
         * @return this builder
         */
        public Builder etag(ETag v) {
            this.etag = java.util.Objects.requireNonNull(v, "etag");
            return this;
        }

        /**
         * Sets the twin version.
         *
         * @param v the twin version
         * @return this builder
         */
        public Builder version(long v) {
            this.version = v;
            return this;
        }

        /**
         * Sets the device status.
         *
         * @param v the device status
         * @return this builder
         */
        public Builder status(DeviceStatus v) {
            this.status = v;
            return this;
        }

        /**
         * Sets the connection state.
         *
         * @param v the connection state
         * @return this builder
         */
        public Builder connectionState(ConnectionState v) {
            this.connectionState = v;
            return this;
        }

        /**
         * Sets the last activity time.
         *
         * @param v the last activity time
         * @return this builder
         */
        public Builder lastActivityTime(Instant v) {
            this.lastActivityTime = v;
            return this;
        }

        /**
         * Sets the authentication type.
         *
         * @param v the authentication type
         * @return this builder
         */
        public Builder authenticationType(AuthenticationType v) {
            this.authenticationType = v;
            return this;
        }

        /**
         * Sets the model id, empty when none.
         *
         * @param v the model id, empty when none
         * @return this builder
         */
        public Builder modelId(String v) {
            this.modelId = v;
            return this;
        }

        /**
         * Sets whether the device is an IoT Edge device.
         *
         * @param v whether the device is an IoT Edge device
         * @return this builder
         */
        public Builder iotEdge(boolean v) {
            this.iotEdge = v;
            return this;
        }

        /**
         * Sets the tags.
         *
         * @param v the tags
         * @return this builder
         */
        public Builder tags(PropertyTree v) {
            this.tags = v;
            return this;
        }

        /**
         * Sets the desired properties.
         *
         * @param v the desired properties
         * @return this builder
         */
        public Builder desired(PropertyTree v) {
            this.desired = v;
            return this;
        }

        /**
         * Sets the desired properties' version.
         *
         * @param v the desired properties' version
         * @return this builder
         */
        public Builder desiredVersion(long v) {
            this.desiredVersion = v;
            return this;
        }

        /**
         * Sets the reported properties.
         *
         * @param v the reported properties
         * @return this builder
         */
        public Builder reported(PropertyTree v) {
            this.reported = v;
            return this;
        }

        /**
         * Sets the reported properties' version.
         *
         * @param v the reported properties' version
         * @return this builder
         */
        public Builder reportedVersion(long v) {
            this.reportedVersion = v;
            return this;
        }

        /**
         * Sets configuration status by configuration id.
         *
         * @param v configuration status by configuration id
         * @return this builder
         */
        public Builder configurations(Map<String, ConfigurationStatus> v) {
            this.configurations = v;
            return this;
        }

        /**
         * Builds the twin.
         *
         * @return the twin
         * @throws NullPointerException if a setting was set to null
         */
        public Twin build() {
            return new Twin(deviceId, moduleId, etag, version, status, connectionState, lastActivityTime,
                    authenticationType, modelId, iotEdge, tags, desired, desiredVersion, reported, reportedVersion,
                    configurations);
        }
    }
}

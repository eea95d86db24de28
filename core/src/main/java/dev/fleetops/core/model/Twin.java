package dev.fleetops.core.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * @param statusUpdateTime when the status last changed, {@link Device#NEVER} if never
 * @param cloudToDeviceMessageCount cloud-to-device messages queued for the device
 * @param x509Thumbprint the device's certificate thumbprints, {@link X509Thumbprint#NONE} without any
 * @param desiredMetadata the desired properties' {@code $metadata}: for each property and object,
 *     {@code $lastUpdated} and {@code $lastUpdatedVersion}, as the hub keeps them; empty when not known
 * @param reportedMetadata the reported properties' {@code $metadata}, likewise
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
        Map<String, ConfigurationStatus> configurations,
        Instant statusUpdateTime,
        long cloudToDeviceMessageCount,
        X509Thumbprint x509Thumbprint,
        PropertyTree desiredMetadata,
        PropertyTree reportedMetadata) {

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
     * @param statusUpdateTime when the status last changed, {@link Device#NEVER} if never
     * @param cloudToDeviceMessageCount cloud-to-device messages queued for the device
     * @param x509Thumbprint the device's certificate thumbprints, {@link X509Thumbprint#NONE} without any
     * @param desiredMetadata the desired properties' {@code $metadata}, empty when not known
     * @param reportedMetadata the reported properties' {@code $metadata}, empty when not known
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
        Objects.requireNonNull(statusUpdateTime, "statusUpdateTime");
        Objects.requireNonNull(x509Thumbprint, "x509Thumbprint");
        Objects.requireNonNull(desiredMetadata, "desiredMetadata");
        Objects.requireNonNull(reportedMetadata, "reportedMetadata");
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
        b.statusUpdateTime = statusUpdateTime;
        b.cloudToDeviceMessageCount = cloudToDeviceMessageCount;
        b.x509Thumbprint = x509Thumbprint;
        b.desiredMetadata = desiredMetadata;
        b.reportedMetadata = reportedMetadata;
        return b;
    }

    /**
     * Returns when a desired property (or object) was last written, from the twin's {@code $metadata}.
     *
     * @param path a dotted path below {@code properties.desired}
     * @return the time and version of its last write, or empty when the twin carries no metadata for it
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public Optional<PropertyMetadata> desiredMetadata(String path) {
        return metadataAt(desiredMetadata, path);
    }

    /**
     * Returns when a reported property (or object) was last written, from the twin's {@code $metadata}: the way to
     * tell whether a device is still reporting a value.
     *
     * @param path a dotted path below {@code properties.reported}
     * @return the time and version of its last write, or empty when the twin carries no metadata for it
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public Optional<PropertyMetadata> reportedMetadata(String path) {
        return metadataAt(reportedMetadata, path);
    }

    private static Optional<PropertyMetadata> metadataAt(PropertyTree metadata, String path) {
        return metadata.getTree(path).flatMap(node -> node.getString("$lastUpdated").map(t -> new PropertyMetadata(
                HubTime.parse(t, "$lastUpdated"), Math.max(0, node.getLong("$lastUpdatedVersion").orElse(0L)))));
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
        m.put("lastActivityTime", HubTime.format(lastActivityTime));
        m.put("authenticationType", authenticationType.wireName());
        m.put("modelId", modelId);
        m.put("capabilities", Map.of("iotEdge", iotEdge));
        m.put("tags", tags);
        m.put("statusUpdateTime", HubTime.format(statusUpdateTime));
        m.put("cloudToDeviceMessageCount", cloudToDeviceMessageCount);
        Map<String, Object> thumbprints = new LinkedHashMap<>();
        if (!x509Thumbprint.primary().isEmpty()) {
            thumbprints.put("primaryThumbprint", x509Thumbprint.primary());
        }
        if (!x509Thumbprint.secondary().isEmpty()) {
            thumbprints.put("secondaryThumbprint", x509Thumbprint.secondary());
        }
        m.put("x509Thumbprint", thumbprints);
        m.put("properties", Map.of(
                "desired", section(desired, desiredVersion, desiredMetadata),
                "reported", section(reported, reportedVersion, reportedMetadata)));
        if (!configurations.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            configurations.forEach((id, s) -> c.put(id, Map.of("status", s.wireName())));
            m.put("configurations", c);
        }
        return PropertyTree.of(m);
    }

    private static PropertyTree section(PropertyTree properties, long version, PropertyTree metadata) {
        PropertyTree out = properties.with("$version", version);
        return metadata.isEmpty() ? out : out.with("$metadata", metadata);
    }

    /**
     * Reads a twin from the JSON document IoT Hub returns (the inverse of {@link #toTree()}); unknown fields are
     * ignored, and {@code $metadata} is kept apart from the properties.
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
        tree.getString("lastActivityTime").ifPresent(s -> b.lastActivityTime(HubTime.parse(s, "lastActivityTime")));
        tree.getString("statusUpdateTime").ifPresent(s -> b.statusUpdateTime(HubTime.parse(s, "statusUpdateTime")));
        tree.getLong("cloudToDeviceMessageCount").ifPresent(b::cloudToDeviceMessageCount);
        b.x509Thumbprint(new X509Thumbprint(tree.getString("x509Thumbprint.primaryThumbprint").orElse(""),
                tree.getString("x509Thumbprint.secondaryThumbprint").orElse("")));
        tree.getString("authenticationType").ifPresent(s -> b.authenticationType(AuthenticationType.of(s)));
        tree.getString("modelId").ifPresent(b::modelId);
        tree.getBoolean("capabilities.iotEdge").ifPresent(b::iotEdge);
        tree.getTree("tags").ifPresent(b::tags);
        tree.getTree("properties.desired").ifPresent(d -> {
            b.desired(d.without("$version").without("$metadata"));
            d.getLong("$version").ifPresent(b::desiredVersion);
            d.getTree("$metadata").ifPresent(b::desiredMetadata);
        });
        tree.getTree("properties.reported").ifPresent(r -> {
            b.reported(r.without("$version").without("$metadata"));
            r.getLong("$version").ifPresent(b::reportedVersion);
            r.getTree("$metadata").ifPresent(b::reportedMetadata);
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
        private Instant statusUpdateTime = Device.NEVER;
        private long cloudToDeviceMessageCount;
        private X509Thumbprint x509Thumbprint = X509Thumbprint.NONE;
        private PropertyTree desiredMetadata = PropertyTree.empty();
        private PropertyTree reportedMetadata = PropertyTree.empty();

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
         * Sets when the status last changed.
         *
         * @param v the time, {@link Device#NEVER} if never
         * @return this builder
         */
        public Builder statusUpdateTime(Instant v) {
            this.statusUpdateTime = Objects.requireNonNull(v, "statusUpdateTime");
            return this;
        }

        /**
         * Sets the number of cloud-to-device messages queued for the device.
         *
         * @param v the count, at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is negative
         */
        public Builder cloudToDeviceMessageCount(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("cloudToDeviceMessageCount is " + v + "; it is at least 0");
            }
            this.cloudToDeviceMessageCount = v;
            return this;
        }

        /**
         * Sets the device's certificate thumbprints.
         *
         * @param v the thumbprints, {@link X509Thumbprint#NONE} without any
         * @return this builder
         */
        public Builder x509Thumbprint(X509Thumbprint v) {
            this.x509Thumbprint = Objects.requireNonNull(v, "x509Thumbprint");
            return this;
        }

        /**
         * Sets the desired properties' {@code $metadata} (hub-maintained).
         *
         * @param v the metadata tree as the hub writes it
         * @return this builder
         */
        public Builder desiredMetadata(PropertyTree v) {
            this.desiredMetadata = Objects.requireNonNull(v, "desiredMetadata");
            return this;
        }

        /**
         * Sets the reported properties' {@code $metadata} (hub-maintained).
         *
         * @param v the metadata tree as the hub writes it
         * @return this builder
         */
        public Builder reportedMetadata(PropertyTree v) {
            this.reportedMetadata = Objects.requireNonNull(v, "reportedMetadata");
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
                    configurations, statusUpdateTime, cloudToDeviceMessageCount, x509Thumbprint, desiredMetadata,
                    reportedMetadata);
        }
    }
}

package dev.fleetops.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An automatic device management configuration: content written to the desired properties of every twin that
 * matches a target condition, with a priority that decides, path by path, between configurations that target the
 * same twin (the higher number wins; on a tie, the most recently created).
 *
 * <p>Only the target condition, priority, labels and metric queries can change after creation; the content cannot.
 * The hub computes {@code systemMetrics} ({@code targetedCount}, {@code appliedCount}) and {@code metricResults} (the
 * row count of each metric query). Immutable and thread-safe.
 *
 * @param id the configuration id: 1 to 128 lower-case letters, digits and {@code -:+%_#*?!(),=@;$'}
 * @param targetCondition a query condition over tags or reported properties, or {@code *} for every device
 * @param priority zero or more; higher wins
 * @param labels free key-value labels
 * @param deviceContent desired-property content by path, each path starting with {@code properties.desired.};
 *     values are {@link PropertyTree} value types
 * @param metricQueries custom metric queries by name, at most {@value #MAX_CUSTOM_METRICS}
 * @param systemMetrics the hub's counts ({@code targetedCount}, {@code appliedCount}); ignored on create
 * @param metricResults the row count of each metric query; ignored on create
 * @param etag the ETag; {@link ETag#ANY} before the hub has assigned one
 * @param createdTime when the hub created it ({@link Device#NEVER} before)
 * @param lastUpdatedTime when it last changed ({@link Device#NEVER} before)
 */
public record Configuration(
        String id,
        String targetCondition,
        int priority,
        Map<String, String> labels,
        Map<String, Object> deviceContent,
        Map<String, String> metricQueries,
        Map<String, Long> systemMetrics,
        Map<String, Long> metricResults,
        ETag etag,
        Instant createdTime,
        Instant lastUpdatedTime) {

    /** The longest configuration id, in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** The most custom metrics a configuration may have. */
    public static final int MAX_CUSTOM_METRICS = 5;
    /** The prefix every content path has. */
    public static final String DESIRED_PREFIX = "properties.desired.";

    private static final String ID_SPECIALS = "-:+%_#*?!(),=@;$'";

    /**
     * Validates the configuration and copies its maps.
     *
     * @param id the configuration id: 1 to 128 lower-case letters, digits and {@code -:+%_#*?!(),=@;$'}
     * @param targetCondition a query condition over tags or reported properties, or {@code *} for every device
     * @param priority zero or more; higher wins
     * @param labels free key-value labels
     * @param deviceContent desired-property content by path, each path starting with {@code properties.desired.}; values are {@link PropertyTree} value types
     * @param metricQueries custom metric queries by name, at most {@value #MAX_CUSTOM_METRICS}
     * @param systemMetrics the hub's counts ({@code targetedCount}, {@code appliedCount}); ignored on create
     * @param metricResults the row count of each metric query; ignored on create
     * @param etag the ETag; {@link ETag#ANY} before the hub has assigned one
     * @param createdTime when the hub created it ({@link Device#NEVER} before)
     * @param lastUpdatedTime when it last changed ({@link Device#NEVER} before)
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the id, priority, content paths or metric count break IoT Hub's rules; the
     *     message names the field and position
     */
    public Configuration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(targetCondition, "targetCondition");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(lastUpdatedTime, "lastUpdatedTime");
        checkId(id);
        if (priority < 0) {
            throw new IllegalArgumentException("configuration '" + id + "': priority is " + priority
                    + "; it must be zero or more");
        }
        if (targetCondition.isBlank()) {
            throw new IllegalArgumentException("configuration '" + id + "': targetCondition is blank; use '*' to "
                    + "target every device");
        }
        labels = copy(labels);
        deviceContent = copyContent(id, deviceContent);
        metricQueries = copy(metricQueries);
        if (metricQueries.size() > MAX_CUSTOM_METRICS) {
            throw new IllegalArgumentException("configuration '" + id + "' has " + metricQueries.size()
                    + " custom metrics; IoT Hub allows at most " + MAX_CUSTOM_METRICS);
        }
        systemMetrics = copy(systemMetrics);
        metricResults = copy(metricResults);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static Map<String, Object> copyContent(String id, Map<String, Object> content) {
        Map<String, Object> out = new LinkedHashMap<>();
        content.forEach((path, value) -> {
            if (!path.startsWith(DESIRED_PREFIX) || path.length() == DESIRED_PREFIX.length()) {
                throw new IllegalArgumentException("configuration '" + id + "': content path '" + path
                        + "' must start with '" + DESIRED_PREFIX + "' and name a property");
            }
            String relative = path.substring(DESIRED_PREFIX.length());
            Object normalised = PropertyTree.normalise(value, path);
            if (normalised == JsonNull.INSTANCE) {
                throw new IllegalArgumentException("configuration '" + id + "': content at '" + path + "' is null;"
                        + " content writes values (remove a property with a twin patch)");
            }
            String parent = "properties.desired";
            for (String segment : PropertyTree.splitPath(relative)) {
                TwinLimits.checkKey("configuration '" + id + "' content", parent, segment);
                parent = parent + "." + segment;
            }
            // keys, string sizes, depth and size of what the content would write, as a twin patch is checked
            TwinLimits.check("configuration '" + id + "' content at '" + path + "'",
                    PropertyTree.empty().with(relative, normalised), TwinLimits.MAX_PROPERTIES_BYTES);
            out.put(path, normalised);
        });
        return Collections.unmodifiableMap(out);
    }

    private static void checkId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("configuration id '" + id + "' is " + id.length()
                    + " characters; IoT Hub allows 1 to " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ID_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("configuration id '" + id + "' has '" + c + "' at position "
                        + (i + 1) + "; IoT Hub allows lower-case letters, digits and " + ID_SPECIALS);
            }
        }
    }

    /**
     * Returns a builder for a new configuration.
     *
     * @param id the configuration id
     * @return the builder (not thread-safe)
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Returns a builder starting from this configuration.
     *
     * @return the builder (not thread-safe)
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.targetCondition = targetCondition;
        b.priority = priority;
        b.labels.putAll(labels);
        b.deviceContent.putAll(deviceContent);
        b.metricQueries.putAll(metricQueries);
        b.systemMetrics.putAll(systemMetrics);
        b.metricResults.putAll(metricResults);
        b.etag = etag;
        b.createdTime = createdTime;
        b.lastUpdatedTime = lastUpdatedTime;
        return b;
    }

    /** Builds {@link Configuration}s. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private String targetCondition = "*";
        private int priority;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, Object> deviceContent = new LinkedHashMap<>();
        private final Map<String, String> metricQueries = new LinkedHashMap<>();
        private final Map<String, Long> systemMetrics = new LinkedHashMap<>();
        private final Map<String, Long> metricResults = new LinkedHashMap<>();
        private ETag etag = ETag.ANY;
        private Instant createdTime = Device.NEVER;
        private Instant lastUpdatedTime = Device.NEVER;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * Sets the target condition.
         *
         * @param v a query condition, or {@code *}
         * @return this builder
         */
        public Builder targetCondition(String v) {
            this.targetCondition = v;
            return this;
        }

        /**
         * Sets the priority.
         *
         * @param v zero or more
         * @return this builder
         */
        public Builder priority(int v) {
            this.priority = v;
            return this;
        }

        /**
         * Adds a label.
         *
         * @param key the label key
         * @param value the label value
         * @return this builder
         */
        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /**
         * Adds desired-property content.
         *
         * @param path a path starting with {@code properties.desired.}
         * @param value the value to write there
         * @return this builder
         */
        public Builder content(String path, Object value) {
            deviceContent.put(path, value);
            return this;
        }

        /**
         * Adds a custom metric.
         *
         * @param name the metric name
         * @param query a query whose row count is the metric, for example
         *     {@code SELECT deviceId FROM devices WHERE properties.reported.fw = '2.0'}
         * @return this builder
         */
        public Builder metric(String name, String query) {
            metricQueries.put(name, query);
            return this;
        }

        /**
         * Replaces the system metrics (hub-assigned).
         *
         * @param v the counts
         * @return this builder
         */
        public Builder systemMetrics(Map<String, Long> v) {
            systemMetrics.clear();
            systemMetrics.putAll(v);
            return this;
        }

        /**
         * Replaces the custom metric results (hub-assigned).
         *
         * @param v the counts
         * @return this builder
         */
        public Builder metricResults(Map<String, Long> v) {
            metricResults.clear();
            metricResults.putAll(v);
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
         * Sets the creation time (hub-assigned).
         *
         * @param v the time
         * @return this builder
         */
        public Builder createdTime(Instant v) {
            this.createdTime = v;
            return this;
        }

        /**
         * Sets the last update time (hub-assigned).
         *
         * @param v the time
         * @return this builder
         */
        public Builder lastUpdatedTime(Instant v) {
            this.lastUpdatedTime = v;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a field breaks IoT Hub's rules
         */
        public Configuration build() {
            return new Configuration(id, targetCondition, priority, labels, deviceContent, metricQueries,
                    systemMetrics, metricResults, etag, createdTime, lastUpdatedTime);
        }
    }
}

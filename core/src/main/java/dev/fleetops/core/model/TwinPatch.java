package dev.fleetops.core.model;

import java.util.Objects;

/**
 * A change to a twin's tags and desired properties, applied with JSON merge-patch semantics: a key set to
 * {@code null} is removed, objects merge, anything else replaces. Reported properties belong to the device and are
 * not part of a patch.
 *
 * <p>The constructor enforces IoT Hub's key, depth and size rules on each part ({@link TwinLimits}), so a patch that
 * the hub would refuse fails here, naming the path. Instances are immutable and thread-safe.
 *
 * @param tags the patch to the tags, empty for none
 * @param desired the patch to the desired properties, empty for none
 */
public record TwinPatch(PropertyTree tags, PropertyTree desired) {

    /**
     * Validates the patch.
     *
     * @param tags the patch to the tags, empty for none
     * @param desired the patch to the desired properties, empty for none
     * @throws NullPointerException if a part is null
     * @throws IllegalArgumentException if both parts are empty or a part breaks IoT Hub's twin limits
     */
    public TwinPatch {
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(desired, "desired");
        if (tags.isEmpty() && desired.isEmpty()) {
            throw new IllegalArgumentException("twin patch is empty; set at least one tag or desired property");
        }
        TwinLimits.check("tags", tags, TwinLimits.MAX_TAGS_BYTES);
        TwinLimits.check("properties.desired", desired, TwinLimits.MAX_PROPERTIES_BYTES);
    }

    /**
     * Returns a patch of the tags only.
     *
     * @param tags the tag patch
     * @return the patch
     * @throws IllegalArgumentException if the patch is empty or breaks a limit
     */
    public static TwinPatch ofTags(PropertyTree tags) {
        return new TwinPatch(tags, PropertyTree.empty());
    }

    /**
     * Returns a patch of the desired properties only.
     *
     * @param desired the desired-properties patch
     * @return the patch
     * @throws IllegalArgumentException if the patch is empty or breaks a limit
     */
    public static TwinPatch ofDesired(PropertyTree desired) {
        return new TwinPatch(PropertyTree.empty(), desired);
    }

    /**
     * Returns a builder.
     *
     * @return an empty builder (not thread-safe)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether {@code twin} already shows every change of this patch: each set value is present and equal,
     * each removed key is absent. Used to decide whether an attempt whose answer was lost had been applied.
     *
     * @param twin the twin to check
     * @return true when applying the patch to {@code twin} would change neither tags nor desired properties
     */
    public boolean isReflectedIn(Twin twin) {
        return twin.tags().merge(tags).equals(twin.tags()) && twin.desired().merge(desired).equals(twin.desired());
    }

    /** Builds {@link TwinPatch}es by dotted path. Not thread-safe. */
    public static final class Builder {
        private final PropertyTree.Builder tags = PropertyTree.builder();
        private final PropertyTree.Builder desired = PropertyTree.builder();

        private Builder() {
        }

        /**
         * Sets a tag.
         *
         * @param path dotted path below {@code tags}
         * @param value a string, boolean, number, map, list, tree, or null to remove
         * @return this builder
         */
        public Builder tag(String path, Object value) {
            tags.put(path, value);
            return this;
        }

        /**
         * Removes a tag (sets it to null in the patch).
         *
         * @param path dotted path below {@code tags}
         * @return this builder
         */
        public Builder removeTag(String path) {
            tags.putNull(path);
            return this;
        }

        /**
         * Sets a desired property.
         *
         * @param path dotted path below {@code properties.desired}
         * @param value a string, boolean, number, map, list, tree, or null to remove
         * @return this builder
         */
        public Builder desired(String path, Object value) {
            desired.put(path, value);
            return this;
        }

        /**
         * Removes a desired property (sets it to null in the patch).
         *
         * @param path dotted path below {@code properties.desired}
         * @return this builder
         */
        public Builder removeDesired(String path) {
            desired.putNull(path);
            return this;
        }

        /**
         * Builds the patch.
         *
         * @return the patch
         * @throws IllegalArgumentException if it is empty or breaks a twin limit
         */
        public TwinPatch build() {
            return new TwinPatch(tags.build(), desired.build());
        }
    }
}

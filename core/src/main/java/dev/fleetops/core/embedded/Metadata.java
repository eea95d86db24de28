package dev.fleetops.core.embedded;

import dev.fleetops.core.model.HubTime;
import dev.fleetops.core.model.JsonNull;
import dev.fleetops.core.model.PropertyTree;

import java.time.Instant;
import java.util.Objects;

/**
 * The {@code $metadata} IoT Hub keeps beside desired and reported properties: for the section, each object and each
 * property, {@code $lastUpdated} (when it was last written) and {@code $lastUpdatedVersion} (the section's
 * {@code $version} after that write). A write touches what it wrote, and the objects above it; a removed property
 * loses its metadata; a property written with its current value is still written.
 */
final class Metadata {

    static final String LAST_UPDATED = "$lastUpdated";
    static final String LAST_UPDATED_VERSION = "$lastUpdatedVersion";

    private Metadata() {
    }

    /** The metadata after the merge patch {@code patch} was applied, producing {@code version}, at {@code now}. */
    static PropertyTree afterPatch(PropertyTree metadata, PropertyTree patch, Instant now, long version) {
        return touch(metadata, patch, HubTime.format(now), version);
    }

    /** Fresh metadata for a whole section written at once (a twin loaded or created with its properties). */
    static PropertyTree fresh(PropertyTree section, Instant now, long version) {
        return touch(PropertyTree.empty(), section, HubTime.format(now), version);
    }

    /** The metadata after the section changed from {@code before} to {@code after} (a configuration's write). */
    static PropertyTree afterChange(PropertyTree metadata, PropertyTree before, PropertyTree after, Instant now,
                                    long version) {
        String when = HubTime.format(now);
        PropertyTree out = sync(metadata, before, after, when, version);
        return out == metadata ? metadata : stamp(out, when, version);
    }

    private static PropertyTree touch(PropertyTree metadata, PropertyTree patch, String when, long version) {
        PropertyTree[] out = {metadata};
        patch.forEach((key, value) -> {
            if (key.startsWith("$")) {
                return;
            }
            if (value == null || value == JsonNull.INSTANCE) {
                out[0] = out[0].without(key);
            } else if (value instanceof PropertyTree) {
                PropertyTree child = out[0].getTree(key).orElse(PropertyTree.empty());
                out[0] = out[0].with(key, touch(child, (PropertyTree) value, when, version));
            } else {
                out[0] = out[0].with(key, stamp(PropertyTree.empty(), when, version));
            }
        });
        return stamp(out[0], when, version);
    }

    private static PropertyTree sync(PropertyTree metadata, PropertyTree before, PropertyTree after, String when,
                                     long version) {
        PropertyTree[] out = {metadata};
        after.forEach((key, value) -> {
            Object old = before.get(key).orElse(null);
            if (Objects.equals(old, value)) {
                return;
            }
            if (value instanceof PropertyTree && old instanceof PropertyTree) {
                PropertyTree child = out[0].getTree(key).orElse(PropertyTree.empty());
                PropertyTree synced = sync(child, (PropertyTree) old, (PropertyTree) value, when, version);
                out[0] = out[0].with(key, stamp(synced, when, version));
            } else if (value instanceof PropertyTree) {
                out[0] = out[0].with(key, touch(PropertyTree.empty(), (PropertyTree) value, when, version));
            } else {
                out[0] = out[0].with(key, stamp(PropertyTree.empty(), when, version));
            }
        });
        before.forEach((key, value) -> {
            if (after.get(key).isEmpty()) {
                out[0] = out[0].without(key);
            }
        });
        return out[0];
    }

    private static PropertyTree stamp(PropertyTree node, String when, long version) {
        return node.with(LAST_UPDATED, when).with(LAST_UPDATED_VERSION, version);
    }
}

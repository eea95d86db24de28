package dev.fleetops.core.model;

import dev.fleetops.core.model.ETag;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwinPatchTest {

    @Test
    void build_emptyPatch_rejected() {
        assertThatThrownBy(() -> TwinPatch.builder().build()).hasMessageContaining("empty");
    }

    @Test
    void build_keyWithDollar_namesSectionKeyAndPosition() {
        assertThatThrownBy(() -> TwinPatch.builder().desired("fw", Map.of("v$1", 1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("properties.desired: key 'v$1' under 'properties.desired.fw' has '$' at"
                        + " position 2");
    }

    @Test
    void build_keyWithSpace_rejected() {
        assertThatThrownBy(() -> TwinPatch.ofTags(PropertyTree.of(Map.of("my tag", "x"))))
                .hasMessageContaining("a space at position 3");
    }

    @Test
    void build_tooDeep_namesPath() {
        Map<String, Object> deep = Map.of("leaf", 1);
        for (int i = 11; i >= 1; i--) {
            deep = Map.of("l" + i, deep);
        }
        Map<String, Object> d = deep;
        assertThatThrownBy(() -> TwinPatch.ofDesired(PropertyTree.of(d)))
                .hasMessageContaining("nested 11 levels deep; IoT Hub allows at most 10");
    }

    @Test
    void build_tenLevels_accepted() {
        Map<String, Object> deep = Map.of("leaf", 1);
        for (int i = 10; i >= 1; i--) {
            deep = Map.of("l" + i, deep);
        }
        assertThat(TwinPatch.ofDesired(PropertyTree.of(deep)).desired().size()).isEqualTo(1);
    }

    @Test
    void build_overSizeLimit_namesSectionAndBytes() {
        Map<String, Object> tags = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            tags.put("t" + i, "x".repeat(3000));
        }
        assertThatThrownBy(() -> TwinPatch.ofTags(PropertyTree.of(tags)))
                .hasMessageContaining("tags is 9")
                .hasMessageContaining("at most 8192 bytes");
    }

    @Test
    void build_longString_rejected() {
        assertThatThrownBy(() -> TwinPatch.builder().desired("blob", "x".repeat(4097)).build())
                .hasMessageContaining("string at 'properties.desired.blob' is 4097 bytes");
    }

    @Test
    void isReflectedIn_checksSetAndRemovedKeys() {
        Twin twin = Twin.builder(DeviceId.of("d1"))
                .desired(PropertyTree.parse("{\"fw\":{\"version\":\"2.0\"},\"old\":1}"))
                .build();
        assertThat(TwinPatch.builder().desired("fw.version", "2.0").build().isReflectedIn(twin)).isTrue();
        assertThat(TwinPatch.builder().removeDesired("gone").build().isReflectedIn(twin)).isTrue();
        assertThat(TwinPatch.builder().removeDesired("old").build().isReflectedIn(twin)).isFalse();
        assertThat(TwinPatch.builder().desired("fw.version", "3.0").build().isReflectedIn(twin)).isFalse();
    }

    @Test
    void twin_toTreeAndBack_roundTrips() {
        Twin twin = Twin.builder(DeviceId.of("d1"))
                .etag(ETag.of("AAAAAAAAAAI=")).version(2)
                .tags(PropertyTree.parse("{\"region\":\"eu\"}"))
                .desired(PropertyTree.parse("{\"fw\":\"2\"}")).desiredVersion(3)
                .reported(PropertyTree.parse("{\"fw\":\"1\"}")).reportedVersion(4)
                .configurations(Map.of("cfg-1", ConfigurationStatus.APPLIED))
                .build();
        PropertyTree tree = twin.toTree();
        assertThat(tree.getLong("properties.desired.$version")).contains(3L);
        assertThat(tree.getString("configurations.cfg-1.status")).contains("Applied");
        assertThat(Twin.fromTree(PropertyTree.parse(tree.toJson()))).isEqualTo(twin);
    }
}

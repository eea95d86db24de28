package dev.fleetops.core.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyTreeTest {

    @Test
    void get_dottedPath_readsNestedValues() {
        PropertyTree t = PropertyTree.parse("{\"firmware\":{\"version\":\"1.2.0\",\"progress\":40},\"on\":true}");
        assertThat(t.getString("firmware.version")).contains("1.2.0");
        assertThat(t.getLong("firmware.progress")).contains(40L);
        assertThat(t.getBoolean("on")).contains(true);
        assertThat(t.get("firmware.missing")).isEmpty();
        assertThat(t.get("on.deeper")).isEmpty();
        assertThat(t.getTree("firmware").map(PropertyTree::size)).contains(2);
    }

    @Test
    void numbers_areNormalised() {
        PropertyTree t = PropertyTree.parse("{\"a\":2.0,\"b\":2.5,\"c\":1e2,\"d\":12345678901234567890}");
        assertThat(t.get("a")).contains(2L);
        assertThat(t.get("b")).contains(2.5);
        assertThat(t.get("c")).contains(100L);
        assertThat(t.get("d").get()).isInstanceOf(Double.class);
        assertThat(PropertyTree.of(Map.of("x", 3)).equals(PropertyTree.of(Map.of("x", new BigDecimal("3.00")))))
                .isTrue();
    }

    @Test
    void merge_nullRemoves_objectsMerge_valuesReplace() {
        PropertyTree base = PropertyTree.parse("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":\"x\"}");
        PropertyTree patch = PropertyTree.parse("{\"a\":null,\"b\":{\"c\":null,\"f\":4},\"e\":{\"g\":null,\"h\":5}}");
        PropertyTree merged = base.merge(patch);
        assertThat(merged).isEqualTo(PropertyTree.parse("{\"b\":{\"d\":3,\"f\":4},\"e\":{\"h\":5}}"));
        assertThat(merged.containsNull()).isFalse();
        assertThat(base.merge(PropertyTree.empty())).isSameAs(base);
    }

    @Test
    void withAndWithout_createAndRemovePaths() {
        PropertyTree t = PropertyTree.empty().with("a.b.c", 1).with("a.x", "y");
        assertThat(t.toJson()).isEqualTo("{\"a\":{\"b\":{\"c\":1},\"x\":\"y\"}}");
        assertThat(t.without("a.b").toJson()).isEqualTo("{\"a\":{\"x\":\"y\"}}");
        assertThat(t.without("nothing.here")).isSameAs(t);
    }

    @Test
    void parse_malformed_namesPosition() {
        assertThatThrownBy(() -> PropertyTree.parse("{\"a\": 1,,}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PropertyTree.parse("[1,2]")).hasMessageContaining("not an object");
        assertThatThrownBy(() -> PropertyTree.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key 'a'");
        assertThatThrownBy(() -> PropertyTree.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void of_unsupportedType_namesPath() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outer", Map.of("inner", new Object()));
        assertThatThrownBy(() -> PropertyTree.of(m)).hasMessageContaining("'outer.inner'");
        assertThatThrownBy(() -> PropertyTree.empty().with("x", Double.NaN)).hasMessageContaining("finite");
    }

    @Test
    void propertyPath_emptySegment_namesColumn() {
        assertThatThrownBy(() -> PropertyPath.parse("a..b")).hasMessageContaining("column 3");
        assertThatThrownBy(() -> PropertyPath.parse("")).hasMessageContaining("empty");
        assertThat(PropertyPath.parse("a.b").segments()).containsExactly("a", "b");
        assertThat(PropertyPath.of("a.b").segments()).containsExactly("a.b");
        assertThatThrownBy(() -> PropertyPath.of("a", "")).hasMessageContaining("key 2");
    }

    @Test
    void getByParsedPath_readsAsTheDottedForm() {
        PropertyTree t = PropertyTree.builder().put("firmware.version", "2.0").build()
                .with("odd", PropertyTree.of(java.util.Map.of("a.b", 1)));
        assertThat(t.get(PropertyPath.parse("firmware.version"))).contains("2.0");
        assertThat(t.get(PropertyPath.parse("firmware"))).isEqualTo(t.get("firmware"));
        assertThat(t.get(PropertyPath.parse("firmware.version.x"))).isEmpty();
        assertThat(t.get(PropertyPath.of("odd", "a.b"))).contains(1L);
        assertThat(PropertyPath.parse("a.b")).isEqualTo(PropertyPath.of("a", "b")).hasToString("a.b");
    }

    @Test
    void toJson_escapesStrings() {
        PropertyTree t = PropertyTree.empty().with("s", "q\"\\\n\u0001");
        assertThat(t.toJson()).isEqualTo("{\"s\":\"q\\\"\\\\\\n\\u0001\"}");
        assertThat(PropertyTree.parse(t.toJson())).isEqualTo(t);
    }

    @Test
    void equals_ignoresKeyOrder() {
        assertThat(PropertyTree.parse("{\"a\":1,\"b\":2}")).isEqualTo(PropertyTree.parse("{\"b\":2,\"a\":1}"))
                .hasSameHashCodeAs(PropertyTree.parse("{\"b\":2,\"a\":1}"));
    }

    @Property
    void jsonRoundTrip_preservesTree(@ForAll("trees") PropertyTree tree) {
        assertThat(PropertyTree.parse(tree.toJson())).isEqualTo(tree);
    }

    @Property
    void merge_isIdempotent_andRemovesNulls(@ForAll("trees") PropertyTree base, @ForAll("trees") PropertyTree patch) {
        PropertyTree stored = PropertyTree.empty().merge(base);
        assertThat(stored.containsNull()).isFalse();
        PropertyTree once = stored.merge(patch);
        assertThat(once.merge(patch)).isEqualTo(once);
        assertThat(once.containsNull()).isFalse();
    }

    @Provide
    Arbitrary<PropertyTree> trees() {
        Arbitrary<String> keys = Arbitraries.strings().withChars("abcdxyz_").ofMinLength(1).ofMaxLength(4);
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.longs().between(-1000, 1000).map(l -> (Object) l),
                Arbitraries.doubles().between(-10, 10).ofScale(2).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(JsonNull.INSTANCE),
                Arbitraries.integers().between(0, 3).map(n -> (Object) Arrays.asList(new Object[n])
                        .stream().map(x -> (Object) "v").toList()));
        Arbitrary<Object> level2 = Arbitraries.maps(keys, leaves).ofMaxSize(3).map(m -> (Object) PropertyTree.of(m));
        Arbitrary<Object> values = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaves), net.jqwik.api.Tuple.of(1, level2));
        return Arbitraries.maps(keys, values).ofMaxSize(5).map(PropertyTree::of);
    }

    @Test
    void toMap_convertsBack() {
        PropertyTree t = PropertyTree.parse("{\"a\":[1,{\"b\":null}],\"c\":{\"d\":\"e\"}}");
        Map<String, Object> m = t.toMap();
        assertThat(m.get("a")).isInstanceOf(List.class);
        assertThat(PropertyTree.of(m)).isEqualTo(t);
    }

    @Test
    void of_mapContainingItself_namesThePathInsteadOfOverflowing() {
        Map<String, Object> inner = new LinkedHashMap<>();
        Map<String, Object> outer = new LinkedHashMap<>(Map.of("a", inner));
        inner.put("loop", outer);

        assertThatThrownBy(() -> PropertyTree.of(outer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value at 'a.loop' contains itself (it is the map at '(root)'); a twin value must be a tree");
    }

    @Test
    void of_listContainingItself_namesTheIndex() {
        List<Object> list = new java.util.ArrayList<>();
        list.add("x");
        list.add(list);

        assertThatThrownBy(() -> PropertyTree.of(Map.of("l", list)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("value at 'l[1]' contains itself (it is the list at 'l')");
    }

    @Test
    void of_sameMapTwiceSideBySide_isNotACycle() {
        Map<String, Object> shared = Map.of("v", 1);

        PropertyTree tree = PropertyTree.of(Map.of("a", shared, "b", List.of(shared, shared)));

        assertThat(tree.get("a.v")).contains(1L);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void of_nonStringKey_namesTheMapAndEntry() {
        Map raw = new LinkedHashMap();
        raw.put("ok", 1);
        raw.put(7, "seven");
        Map<String, Object> outer = Map.of("nested", raw);

        assertThatThrownBy(() -> PropertyTree.of(outer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map at 'nested' has a key of type java.lang.Integer (entry 2); twin property names are"
                        + " strings");
    }

    @Test
    void of_hiddenCharactersInAPath_areEscaped() {
        assertThatThrownBy(() -> PropertyTree.of(Map.of("a\u202Eb\nc", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("value at 'a\\u202Eb\\u000Ac' has type java.lang.Object");
    }
}

package dev.fleetops.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout bucket is a contract with other languages: the first four bytes of SHA-256, modulo 1,000. */
class RolloutBucketTest {

    @Test
    void bucket_isTheFirstFourBytesOfTheSha256OfTheId_modulo1000() {
        // computed independently: int.from_bytes(sha256(id.encode()).digest()[:4], 'big') % 1000
        assertThat(RolloutBucket.of(DeviceId.of("th-0001"))).isEqualTo(109);
        assertThat(RolloutBucket.of(DeviceId.of("device-42"))).isEqualTo(935);
        assertThat(RolloutBucket.of(DeviceId.of("gw-0007"))).isEqualTo(731);
    }

    @Test
    void bucketsSpreadEvenly_andTheStampIsATagsOnlyPatch() {
        int[] perTenth = new int[10];
        for (int i = 0; i < 100_000; i++) {
            perTenth[RolloutBucket.of(DeviceId.of("d-" + i)) / 100]++;
        }
        for (int n : perTenth) {
            assertThat(n).isBetween(9_500, 10_500);
        }
        TwinPatch stamp = RolloutBucket.stamp(DeviceId.of("th-0001"));
        assertThat(stamp.desired().isEmpty()).isTrue();
        assertThat(stamp.tags().getLong(RolloutBucket.TAG)).contains(109L);
    }
}

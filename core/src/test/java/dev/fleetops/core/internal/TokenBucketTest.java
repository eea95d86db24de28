package dev.fleetops.core.internal;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Property(tries = 300)
    void reserve_anyArrivals_neverGrantsMoreThanCapacityPlusRateTimesWindow(
            @ForAll @IntRange(min = 1, max = 50) int capacity,
            @ForAll @DoubleRange(min = 0.1, max = 200) double ratePerSecond,
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 2 * SECOND) Long> gaps) {
        TokenBucket bucket = new TokenBucket(capacity, ratePerSecond, capacity, 0);
        List<Long> grants = new ArrayList<>();
        long now = 0;
        for (long gap : gaps) {
            now += gap;
            grants.add(now + bucket.reserve(1, now));
        }
        // Reservations are served in order, so grant times do not decrease.
        for (int i = 1; i < grants.size(); i++) {
            assertThat(grants.get(i)).isGreaterThanOrEqualTo(grants.get(i - 1));
        }
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i; j < grants.size(); j++) {
                double window = (grants.get(j) - grants.get(i)) / 1e9;
                int granted = j - i + 1;
                assertThat((double) granted).isLessThanOrEqualTo(capacity + ratePerSecond * window + 1e-6);
            }
        }
    }

    @Property(tries = 200)
    void reserve_continuousDemand_averagesTheRate(
            @ForAll @IntRange(min = 1, max = 20) int capacity,
            @ForAll @DoubleRange(min = 1, max = 100) double ratePerSecond,
            @ForAll @IntRange(min = 10, max = 400) int requests) {
        TokenBucket bucket = new TokenBucket(capacity, ratePerSecond, 1, 0);
        long now = 0;
        for (int i = 0; i < requests; i++) {
            now += bucket.reserve(1, now);
        }
        // The first permit is free; each of the others is paid for by the refill.
        assertThat(now / 1e9).isCloseTo((requests - 1) / ratePerSecond, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Example
    void reserve_fullBucket_grantsCapacityAtOnceThenWaits() {
        TokenBucket bucket = new TokenBucket(3, 10, 3, 0);

        assertThat(bucket.reserve(1, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isEqualTo(SECOND / 10);
    }

    @Example
    void reserve_moreThanCapacity_borrowsAndDelaysTheNextCaller() {
        TokenBucket bucket = new TokenBucket(2, 1, 2, 0);

        assertThat(bucket.reserve(5, 0)).isEqualTo(3 * SECOND);
        assertThat(bucket.reserve(1, 0)).isEqualTo(4 * SECOND);
    }

    @Example
    void reserve_afterIdle_refillsUpToCapacityOnly() {
        TokenBucket bucket = new TokenBucket(2, 1, 0, 0);

        assertThat(bucket.reserve(2, 100 * SECOND)).isZero();
        assertThat(bucket.reserve(1, 100 * SECOND)).isEqualTo(SECOND);
    }

    @Example
    void reserve_clockReadingOlderThanLastReservation_waitsFromLast() {
        TokenBucket bucket = new TokenBucket(1, 1, 1, 10 * SECOND);

        bucket.reserve(1, 10 * SECOND);

        assertThat(bucket.reserve(1, 9 * SECOND)).isEqualTo(2 * SECOND);
    }

    @Example
    void constructor_invalidSettings_throws() {
        assertThatThrownBy(() -> new TokenBucket(0.5, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 1, 1, 0).reserve(0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void tryAcquire_anyArrivals_neverGrantsMoreThanCapacityPlusRateTimesWindow(
            @ForAll @IntRange(min = 1, max = 50) int capacity,
            @ForAll @DoubleRange(min = 0.1, max = 200) double ratePerSecond,
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = SECOND) Long> gaps) {
        TokenBucket bucket = new TokenBucket(capacity, ratePerSecond, capacity, 0);
        List<Long> grants = new ArrayList<>();
        long now = 0;
        for (long gap : gaps) {
            now += gap;
            if (bucket.tryAcquire(1, now)) {
                grants.add(now);
            }
        }
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i; j < grants.size(); j++) {
                double window = (grants.get(j) - grants.get(i)) / 1e9;
                assertThat((double) (j - i + 1)).isLessThanOrEqualTo(capacity + ratePerSecond * window + 1e-6);
            }
        }
    }

    @Example
    void tryAcquire_emptyBucket_refusesUntilRefilled() {
        TokenBucket bucket = new TokenBucket(2, 1.0, 2, 0);
        assertThat(bucket.tryAcquire(2, 0)).isTrue();
        assertThat(bucket.tryAcquire(1, SECOND / 2)).isFalse();
        assertThat(bucket.tryAcquire(1, SECOND)).isTrue();
        assertThatThrownBy(() -> bucket.tryAcquire(0, SECOND)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void tryAcquire_moreThanCapacity_grantedWhenFull_leavesDebt() {
        TokenBucket bucket = new TokenBucket(10, 10.0, 10, 0);
        assertThat(bucket.tryAcquire(25, 0)).isTrue();
        assertThat(bucket.tryAcquire(1, SECOND)).isFalse();
        assertThat(bucket.tryAcquire(1, 2 * SECOND)).isTrue();
    }
}

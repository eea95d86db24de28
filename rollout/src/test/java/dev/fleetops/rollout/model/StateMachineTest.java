package dev.fleetops.rollout.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout and device state machines: what DESIGN.md draws, and properties of any walk along them. */
class StateMachineTest {

    @Test
    void rollout_theDrawnPaths_areAllowed() {
        assertThat(walk(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.BAKING, RolloutState.RUNNING,
                RolloutState.BAKING, RolloutState.SUCCEEDED)).isTrue();
        assertThat(walk(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.BAKING, RolloutState.ROLLING_BACK,
                RolloutState.ROLLED_BACK)).isTrue();
        assertThat(walk(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.BAKING, RolloutState.FAILED,
                RolloutState.ROLLING_BACK, RolloutState.ROLLED_BACK)).isTrue();
        assertThat(walk(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.RUNNING,
                RolloutState.ABORTED, RolloutState.ROLLING_BACK)).isTrue();
        assertThat(walk(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.BAKING,
                RolloutState.AWAITING_APPROVAL, RolloutState.RUNNING)).isTrue();
    }

    @Test
    void rollout_forbiddenMoves_areRefused() {
        assertThat(RolloutState.SUCCEEDED.canMoveTo(RolloutState.ROLLING_BACK)).isFalse();
        assertThat(RolloutState.ROLLED_BACK.canMoveTo(RolloutState.RUNNING)).isFalse();
        assertThat(RolloutState.ABORTED.canMoveTo(RolloutState.RUNNING)).isFalse();
        assertThat(RolloutState.PLANNED.canMoveTo(RolloutState.SUCCEEDED)).isFalse();
        assertThat(RolloutState.ROLLING_BACK.canMoveTo(RolloutState.RUNNING)).isFalse();
    }

    @Property(tries = 500)
    void anyAllowedWalk_onceFinal_staysFinal_andNeverLeavesRollingBackButToRolledBack(
            @ForAll @Size(max = 30) List<RolloutState> wanted) {
        RolloutState s = RolloutState.PLANNED;
        boolean rolling = false;
        for (RolloutState next : wanted) {
            if (!s.canMoveTo(next)) {
                continue;
            }
            assertThat(s.isFinal()).isFalse();
            if (rolling) {
                assertThat(next).isEqualTo(RolloutState.ROLLED_BACK);
            }
            rolling |= next == RolloutState.ROLLING_BACK;
            s = next;
        }
        for (RolloutState any : RolloutState.values()) {
            if (s.isFinal()) {
                assertThat(s.canMoveTo(any)).isFalse();
            }
        }
        // every state can still reach a final one
        assertThat(reachesFinal(s, 0)).isTrue();
    }

    @Property(tries = 300)
    void deviceWalks_decidedOnlyAfterApplied_andRollbackOnlyOfChangedDevices(
            @ForAll @Size(max = 10) List<DeviceState> wanted) {
        DeviceState s = DeviceState.PENDING;
        boolean applied = false;
        for (DeviceState next : wanted) {
            if (!s.canMoveTo(next)) {
                continue;
            }
            if (next.isDecided() || next == DeviceState.ROLLED_BACK || next == DeviceState.CONFLICT) {
                assertThat(applied).isTrue();
            }
            applied |= next == DeviceState.APPLIED;
            s = next;
        }
    }

    private static boolean walk(RolloutState... states) {
        for (int i = 1; i < states.length; i++) {
            if (!states[i - 1].canMoveTo(states[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean reachesFinal(RolloutState s, int depth) {
        if (s.isFinal()) {
            return true;
        }
        if (depth > RolloutState.values().length) {
            return false;
        }
        for (RolloutState next : RolloutState.values()) {
            if (s.canMoveTo(next) && reachesFinal(next, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}

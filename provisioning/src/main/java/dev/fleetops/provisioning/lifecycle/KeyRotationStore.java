package dev.fleetops.provisioning.lifecycle;

import java.util.Optional;

/**
 * Where key rotations keep their progress, so that a rotation interrupted part-way (a crash, a failed call) is
 * resumed by a later run, in this process or another. States hold key fingerprints, never keys. Implementations
 * are thread-safe; one runner advances a given target at a time.
 */
public interface KeyRotationStore {

    /**
     * Reads a target's rotation.
     *
     * @param target {@code enrollment:<id>} or {@code enrollmentGroup:<id>}
     * @return its state, or empty when none was begun (or the last one was {@linkplain #delete deleted})
     */
    Optional<RotationState> find(String target);

    /**
     * Writes a target's rotation, replacing what was there.
     *
     * @param state the state
     */
    void save(RotationState state);

    /**
     * Forgets a target's rotation.
     *
     * @param target the target
     */
    void delete(String target);

    /**
     * Returns a store in memory (progress survives a failed call, not the process).
     *
     * @return a new, empty store
     */
    static KeyRotationStore inMemory() {
        java.util.concurrent.ConcurrentMap<String, RotationState> states =
                new java.util.concurrent.ConcurrentHashMap<>();
        return new KeyRotationStore() {
            @Override
            public Optional<RotationState> find(String target) {
                return Optional.ofNullable(states.get(target));
            }

            @Override
            public void save(RotationState state) {
                states.put(state.target(), state);
            }

            @Override
            public void delete(String target) {
                states.remove(target);
            }

            @Override
            public String toString() {
                return "KeyRotationStore.inMemory[" + states.size() + " rotations]";
            }
        };
    }
}

package dev.fleetops.testkit;

import dev.fleetops.core.model.DeviceId;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;
import dev.fleetops.core.spi.HubBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the compatibility kits: one abstract JUnit suite per SPI area, run against every backend with the
 * same assertions. A subclass names the backend by implementing {@link #create()}.
 */
public abstract class CompatibilityKit {

    /** The backend of the current test, with its state. */
    protected HubUnderTest hub;

    /**
     * Creates the backend under test, fresh for each test.
     *
     * @return the backend and its state
     */
    protected abstract HubUnderTest create();

    @BeforeEach
    void openHub() {
        hub = create();
    }

    @AfterEach
    void closeHub() {
        hub.close();
    }

    /**
     * Returns the backend under test.
     *
     * @return the backend
     */
    protected HubBackend backend() {
        return hub.backend();
    }

    /**
     * Registers connected devices {@code d000}, {@code d001}, ... directly in the state: tag {@code region} is
     * {@code eu} for every third device and {@code us} otherwise, tag {@code n} is the index, reported
     * {@code fw} is {@code 1.0} for even and {@code 2.0} for odd indexes.
     *
     * @param count how many
     */
    protected void fleet(int count) {
        for (int i = 0; i < count; i++) {
            hub.simulator().addDevice(id(i),
                    PropertyTree.builder().put("region", i % 3 == 0 ? "eu" : "us").put("n", i).build(),
                    PropertyTree.builder().put("fw", i % 2 == 0 ? "1.0" : "2.0").build());
        }
    }

    /**
     * Returns the id of the i-th fleet device.
     *
     * @param i the index
     * @return {@code d000}-style id
     */
    protected static DeviceId id(int i) {
        return DeviceId.of(String.format("d%03d", i));
    }

    /**
     * Reads a twin straight from the state, bypassing the backend (and its throttles and faults).
     *
     * @param id the device
     * @return the twin as stored
     */
    protected Twin stored(DeviceId id) {
        return hub.state().twins().get(id);
    }
}

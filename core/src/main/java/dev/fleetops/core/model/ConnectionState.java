package dev.fleetops.core.model;

import java.util.List;

/**
 * The connection state IoT Hub reports for a device. IoT Hub updates it only for MQTT and AMQP connections and it
 * can lag by up to five minutes, so treat it as a hint.
 *
 * <p>The constants are the values this version knows; compare them with {@code ==}. A value the hub sends that
 * is not among them is read, not refused: {@link #of(String)} returns an unknown value that keeps the hub's text
 * ({@link #isUnknown()}, {@link #wireName()}), so that a page of results never fails for one new value. Immutable
 * and thread-safe.
 */
public final class ConnectionState extends OpenValue {

    /** Connected as far as the hub knows. */
    public static final ConnectionState CONNECTED = new ConnectionState("CONNECTED", "Connected", true);

    /** Disconnected, or never connected. */
    public static final ConnectionState DISCONNECTED = new ConnectionState("DISCONNECTED", "Disconnected", true);

    private static final List<ConnectionState> VALUES = List.of(CONNECTED, DISCONNECTED);

    private ConnectionState(String name, String wireName, boolean known) {
        super(name, wireName, known);
    }

    /**
     * Returns the value for a name as the hub writes it ({@code Connected}) or as a constant is named ({@code CONNECTED}),
     * case ignored; a name this version does not know gives an unknown value that keeps it.
     *
     * @param wireName the hub's text
     * @return the constant, or an unknown value
     * @throws NullPointerException if {@code wireName} is null
     */
    public static ConnectionState of(String wireName) {
        return lookup(wireName, VALUES, w -> new ConnectionState(w, w, false), "connectionState");
    }

    /**
     * Returns the constants this version knows, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<ConnectionState> values() {
        return VALUES;
    }

}

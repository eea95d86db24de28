package dev.fleetops.core.azure;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed IoT Hub service connection string ({@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}).
 * Parsed here rather than by the SDK so that errors name the field without ever showing the key, and so that a
 * host name may carry a port. Immutable and thread-safe; {@link #toString()} never shows the key.
 */
final class ConnectionString {

    private static final String HOST_NAME = "HostName";
    private static final String KEY_NAME = "SharedAccessKeyName";
    private static final String KEY = "SharedAccessKey";

    private final String hostName;
    private final String keyName;
    private final byte[] key;

    private ConnectionString(String hostName, String keyName, byte[] key) {
        this.hostName = hostName;
        this.keyName = keyName;
        this.key = key;
    }

    /**
     * Parses a service connection string. Field names are matched ignoring case; values may contain {@code =}.
     *
     * @throws IllegalArgumentException naming the field at fault, never showing the key
     */
    static ConnectionString parse(String text) {
        Objects.requireNonNull(text, "connectionString");
        if (text.isBlank()) {
            throw new IllegalArgumentException("IoT Hub connection string is blank; expected "
                    + "HostName=<hub>.azure-devices.net;SharedAccessKeyName=<policy>;SharedAccessKey=<key>");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String[] parts = text.trim().split(";");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                // Never echo the part: it may be a piece of the key.
                throw new IllegalArgumentException("IoT Hub connection string: part " + (i + 1)
                        + " is not of the form Name=value");
            }
            String name = canonicalName(part.substring(0, eq).trim());
            String value = part.substring(eq + 1).trim();
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("IoT Hub connection string names " + name + " twice");
            }
            fields.put(name, value);
        }
        if (fields.containsKey("DeviceId")) {
            throw new IllegalArgumentException("IoT Hub connection string has a DeviceId: this is a device connection"
                    + " string; FleetOps needs a service connection string of a shared access policy (for example"
                    + " 'service' or 'registryReadWrite')");
        }
        String host = require(fields, HOST_NAME);
        checkHostName(host);
        String policy = require(fields, KEY_NAME);
        String keyText = require(fields, KEY);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(keyText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IoT Hub connection string: SharedAccessKey is not valid base64"
                    + " (the value is not shown)");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("IoT Hub connection string: SharedAccessKey is empty");
        }
        for (String name : fields.keySet()) {
            if (!name.equals(HOST_NAME) && !name.equals(KEY_NAME) && !name.equals(KEY)) {
                throw new IllegalArgumentException("IoT Hub connection string has the unknown field '"
                        + printable(name) + "'; expected HostName, SharedAccessKeyName and SharedAccessKey");
            }
        }
        return new ConnectionString(host, policy, key);
    }

    private static String canonicalName(String name) {
        for (String known : new String[] {HOST_NAME, KEY_NAME, KEY, "DeviceId"}) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    private static String require(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("IoT Hub connection string has no " + name);
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("IoT Hub connection string: " + name + " is empty");
        }
        return v;
    }

    /** Accepts {@code host} or {@code host:port}; the host is DNS letters, digits, '-', '_' and '.'. */
    static void checkHostName(String host) {
        String h = host;
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            String port = host.substring(colon + 1);
            h = host.substring(0, colon);
            boolean digits = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit);
            if (!digits || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("host name '" + printable(host) + "' has an invalid port; expected"
                        + " host or host:port with a port from 1 to 65535");
            }
        }
        if (h.isEmpty()) {
            throw new IllegalArgumentException("host name is empty");
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("host name '" + printable(host) + "' has '" + printable(
                        String.valueOf(c)) + "' at position " + (i + 1)
                        + "; expected a DNS name such as my-hub.azure-devices.net");
            }
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    String hostName() {
        return hostName;
    }

    String keyName() {
        return keyName;
    }

    /** A copy of the decoded key. */
    byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "ConnectionString[HostName=" + hostName + ";SharedAccessKeyName=" + keyName
                + ";SharedAccessKey=***]";
    }
}

package dev.fleetops.core.model;

import dev.fleetops.core.internal.text.Escape;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the JSON of {@link PropertyTree}s. Gson's streaming reader does the lexing; nothing of gson
 * leaves this class. Stateless and thread-safe.
 */
final class JsonCodec {

    private JsonCodec() {
    }

    static PropertyTree parseObject(String json) {
        Object value = parseValue(json);
        if (!(value instanceof PropertyTree)) {
            throw new IllegalArgumentException("JSON text is " + describe(value) + ", not an object");
        }
        return (PropertyTree) value;
    }

    /**
     * Parses any JSON value into the tree's value model.
     *
     * @throws IllegalArgumentException with line and column when the text is not exactly one JSON value
     */
    static Object parseValue(String json) {
        if (json == null) {
            throw new NullPointerException("json");
        }
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(com.google.gson.Strictness.STRICT);
            Object value = read(reader, "");
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("unexpected text after the JSON value " + where(reader));
            }
            return value;
        } catch (MalformedJsonException | java.io.EOFException | IllegalStateException e) {
            // Not chained: the JSON library's message advises an option (lenient parsing) callers cannot reach.
            throw new IllegalArgumentException("malformed JSON: " + whatAndWhere(e.getMessage()));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON: " + whatAndWhere(e.getMessage()));
        }
    }

    /**
     * Keeps what the JSON library says is wrong and where (line, column, path), without its advice to set an
     * option or its link, and with hidden characters escaped.
     */
    static String whatAndWhere(String message) {
        if (message == null) {
            return "the text is not one JSON value";
        }
        String m = message;
        int see = m.indexOf("\nSee ");
        if (see >= 0) {
            m = m.substring(0, see);
        }
        m = m.replaceAll("Use JsonReader\\.set(?:Strictness\\(Strictness\\.LENIENT\\)|Lenient\\(true\\)) to accept"
                + " malformed JSON", "").strip();
        if (m.startsWith("at line")) {
            m = "unexpected text " + m;
        }
        return Escape.escape(m, 300);
    }

    private static String where(JsonReader reader) {
        String s = reader.toString();
        int at = s.indexOf(" at ");
        return at >= 0 ? s.substring(at + 1) : "";
    }

    private static Object read(JsonReader reader, String path) throws IOException {
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT: {
                reader.beginObject();
                List<String> keys = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    if (!seen.add(key)) {
                        throw new IllegalArgumentException("duplicate key '" + child + "' " + where(reader));
                    }
                    keys.add(key);
                    values.add(read(reader, child));
                }
                reader.endObject();
                return PropertyTree.ofTrusted(keys, values);
            }
            case BEGIN_ARRAY: {
                reader.beginArray();
                List<Object> items = new ArrayList<>();
                while (reader.hasNext()) {
                    items.add(read(reader, path + "[" + items.size() + "]"));
                }
                reader.endArray();
                return Collections.unmodifiableList(items);
            }
            case STRING:
                return reader.nextString();
            case NUMBER: {
                String text = reader.nextString();
                return parseNumber(text, path);
            }
            case BOOLEAN:
                return reader.nextBoolean();
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IllegalArgumentException("unexpected " + token + " " + where(reader));
        }
    }

    static Object parseNumber(String text, String path) {
        boolean integral = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        if (integral && text.length() < 19) {
            return Long.parseLong(text);
        }
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                return PropertyTree.normaliseDouble(Double.parseDouble(text), path);
            }
        }
        return PropertyTree.normaliseDouble(Double.parseDouble(text), path);
    }

    private static String describe(Object value) {
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value == JsonNull.INSTANCE) {
            return "null";
        }
        return "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder(64);
        write(value, sb);
        return sb.toString();
    }

    static void write(Object value, StringBuilder sb) {
        if (value instanceof PropertyTree) {
            PropertyTree tree = (PropertyTree) value;
            sb.append('{');
            boolean[] first = {true};
            tree.forEach((k, v) -> {
                if (!first[0]) {
                    sb.append(',');
                }
                first[0] = false;
                quote(k, sb);
                sb.append(':');
                write(v, sb);
            });
            sb.append('}');
        } else if (value instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(o, sb);
            }
            sb.append(']');
        } else if (value instanceof String) {
            quote((String) value, sb);
        } else {
            sb.append(value);
        }
    }

    static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}

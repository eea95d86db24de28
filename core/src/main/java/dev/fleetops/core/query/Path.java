package dev.fleetops.core.query;

import dev.fleetops.core.model.PropertyPath;
import dev.fleetops.core.query.internal.Ast;
import dev.fleetops.core.query.internal.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An attribute path into a twin (or, in a {@code FROM devices.jobs} query, into a job document):
 * {@code tags.location.region}, {@code properties.reported.firmware.version}, {@code deviceId},
 * {@code configurations.[[my-config]].status}. The static factories are meant to be imported statically:
 * {@code Query.devices().where(tag("region").eq("eu")).build()}.
 *
 * <p>A segment that is not made of ASCII letters, digits, {@code _} and {@code $} is written inside
 * {@code [[ ]]}; a segment cannot contain {@code ]]} nor end in {@code ]}. The twin's own field names (the first
 * segment, and {@code desired}/{@code reported}, {@code iotEdge}, a configuration's {@code status}) match without
 * regard to case and are kept as the hub spells them, so {@code Path.of("DeviceId")} equals
 * {@code field("deviceId")}. In a job query, a path is read relative to the job document whether or not it starts
 * with {@code devices.jobs}.
 *
 * <p>Instances are immutable and thread-safe; equal when their segments are.
 */
public final class Path extends Expression {

    Path(Ast.PathExpr node) {
        super(node);
    }

    Ast.PathExpr pathNode() {
        return (Ast.PathExpr) node;
    }

    private static Path of(List<String> segments) {
        return new Path(new Ast.PathExpr(segments));
    }

    private static List<String> prefixed(String a, String b, String dottedPath) {
        List<String> s = new ArrayList<>();
        s.add(a);
        if (b != null) {
            s.add(b);
        }
        s.addAll(PropertyPath.parse(dottedPath).segments());
        return s;
    }

    /**
     * Returns a path from its segments, taken literally (a segment may contain dots or spaces).
     *
     * @param first the first segment
     * @param more the other segments
     * @return the path
     * @throws IllegalArgumentException if a segment is empty, contains {@code ]]} or ends in {@code ]}
     */
    public static Path of(String first, String... more) {
        List<String> s = new ArrayList<>(more.length + 1);
        s.add(Objects.requireNonNull(first, "first"));
        for (String m : more) {
            s.add(Objects.requireNonNull(m, "segment"));
        }
        return of(s);
    }

    /**
     * Returns a path under {@code tags}.
     *
     * @param dottedPath for example {@code "location.region"}
     * @return {@code tags.<dottedPath>}
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public static Path tag(String dottedPath) {
        return of(prefixed("tags", null, dottedPath));
    }

    /**
     * Returns a path under {@code properties.desired}; {@code "$version"} is the desired properties' version.
     *
     * @param dottedPath for example {@code "firmware.version"}
     * @return {@code properties.desired.<dottedPath>}
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public static Path desired(String dottedPath) {
        return of(prefixed("properties", "desired", dottedPath));
    }

    /**
     * Returns a path under {@code properties.reported}; {@code "$version"} is the reported properties' version.
     *
     * @param dottedPath for example {@code "firmware.state"}
     * @return {@code properties.reported.<dottedPath>}
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public static Path reported(String dottedPath) {
        return of(prefixed("properties", "reported", dottedPath));
    }

    /**
     * Returns one of the twin's own fields: {@code deviceId}, {@code moduleId}, {@code etag}, {@code version},
     * {@code status}, {@code connectionState}, {@code lastActivityTime}, {@code authenticationType},
     * {@code modelId}, {@code capabilities.iotEdge} (also {@code tags}, {@code properties},
     * {@code configurations}). Case does not matter.
     *
     * @param dottedPath the field, for example {@code "connectionState"} or {@code "capabilities.iotEdge"}
     * @return the path
     * @throws IllegalArgumentException if the first segment is not a twin field
     */
    public static Path field(String dottedPath) {
        List<String> s = PropertyPath.parse(dottedPath).segments();
        String root = s.get(0);
        boolean known = false;
        for (String f : Names.TWIN_FIELDS) {
            known |= f.equalsIgnoreCase(root);
        }
        if (!known) {
            throw new IllegalArgumentException("'" + root + "' is not a twin field; the fields are "
                    + String.join(", ", Names.TWIN_FIELDS));
        }
        return of(s);
    }

    /**
     * Returns a field of a job document, for {@code FROM devices.jobs} queries: {@code deviceId}, {@code jobId},
     * {@code jobType}, {@code status}, {@code startTimeUtc}, {@code endTimeUtc}, {@code createdDateTimeUtc},
     * {@code lastUpdatedDateTimeUtc}, {@code outcome} or a path below one.
     *
     * @param dottedPath the field, for example {@code "status"}
     * @return {@code devices.jobs.<dottedPath>}
     * @throws IllegalArgumentException if the path has an empty segment
     */
    public static Path job(String dottedPath) {
        return of(prefixed("devices", "jobs", dottedPath));
    }

    /**
     * Returns the entry of a configuration on the twin, {@code configurations.[[id]]}.
     *
     * @param configurationId the configuration id (it may contain dots and dashes)
     * @return the path
     * @throws IllegalArgumentException if the id is empty, contains {@code ]]} or ends in {@code ]}
     */
    public static Path configuration(String configurationId) {
        return of("configurations", configurationId);
    }

    /**
     * Returns the status of a configuration on the twin, {@code configurations.[[id]].status}: {@code 'Targeted'}
     * or {@code 'Applied'}.
     *
     * @param configurationId the configuration id
     * @return the path
     * @throws IllegalArgumentException if the id is empty, contains {@code ]]} or ends in {@code ]}
     */
    public static Path configurationStatus(String configurationId) {
        return of("configurations", configurationId, "status");
    }

    /**
     * Returns this path with one more segment, taken literally.
     *
     * @param segment the segment
     * @return the longer path
     * @throws IllegalArgumentException if the segment is empty, contains {@code ]]} or ends in {@code ]}
     */
    public Path child(String segment) {
        List<String> s = new ArrayList<>(segments());
        s.add(Objects.requireNonNull(segment, "segment"));
        return of(s);
    }

    /**
     * Returns the segments.
     *
     * @return an unmodifiable list
     */
    public List<String> segments() {
        return pathNode().segments();
    }

    /**
     * Returns {@code IS_DEFINED(this)}: true when the path holds a value, JSON null included.
     *
     * @return the condition
     */
    public Condition isDefined() {
        return new Condition(new Ast.IsDefined(pathNode()));
    }

    /**
     * Returns a projection of this path under another column name.
     *
     * @param alias an identifier (ASCII letters, digits, {@code _}, {@code $}, not starting with a digit), not a
     *     keyword
     * @return the projection {@code <path> AS <alias>}
     * @throws IllegalArgumentException if the alias is not an identifier
     */
    public Projection as(String alias) {
        return Projection.of(this).as(alias);
    }
}

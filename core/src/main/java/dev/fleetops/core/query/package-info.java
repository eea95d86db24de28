/**
 * IoT Hub's query language for twin and job queries: {@link dev.fleetops.core.query.Query} (parse or build a
 * whole query), {@link dev.fleetops.core.query.Condition} (a {@code WHERE} clause, a job's query condition, a
 * configuration's target condition), and the builder's parts {@link dev.fleetops.core.query.Path},
 * {@link dev.fleetops.core.query.Expression} and {@link dev.fleetops.core.query.Projection}; and, for backends that
 * evaluate or validate queries, {@link dev.fleetops.core.query.CompiledQuery} and
 * {@link dev.fleetops.core.query.CompiledCondition}.
 *
 * <p>Exactly the language IoT Hub accepts for twins and jobs is accepted, and no more: text that fails here would
 * fail on a real hub, and fails fast with an {@link dev.fleetops.core.error.InvalidQueryException} naming the line, the
 * column and what was expected. All types are immutable and thread-safe, except the builder. Parameters and
 * return values are non-null unless a method says otherwise.
 *
 * <h2>The language</h2>
 * <ul>
 *   <li><b>Clauses.</b> {@code SELECT [TOP n] * | projection [AS alias], ... FROM devices | devices.modules |
 *       devices.jobs [WHERE condition] [GROUP BY path]}. Keywords, collection names, {@code IS_DEFINED} and the
 *       aggregates are case-insensitive. Text is at most 8,192 characters, and so is its canonical form, which is
 *       what {@code text()} returns and what a backend may send to IoT Hub (it can be longer than the text parsed:
 *       {@code a=1} is written {@code a = 1}); parentheses, {@code NOT}, minus signs and array brackets nest at
 *       most 100 levels.</li>
 *   <li><b>Projections.</b> Paths and the aggregates {@code COUNT()}, {@code AVG}, {@code SUM}, {@code MIN},
 *       {@code MAX}. Columns are named by their alias, else a path by its last segment as the hub spells it
 *       ({@code SELECT DeviceId} gives {@code deviceId}), else an aggregate {@code $1}, {@code $2}, ... in order
 *       among the unnamed aggregates. Two columns with one name are refused.</li>
 *   <li><b>GROUP BY</b> is accepted only {@code FROM devices}, as IoT Hub documents it for device twins; module
 *       twin queries are refused it too. It needs an aggregate, and the other projections must be the grouped
 *       path. Without it, a query with an aggregate projects only aggregates.</li>
 *   <li><b>devices.jobs</b> selects only {@code *} (no projections, aggregates or {@code GROUP BY}). Its paths are
 *       written {@code devices.jobs.<field>} or with the bare field name; {@code createdTimeUtc}, which
 *       Microsoft's example uses, reads the job document's {@code createdDateTimeUtc}.</li>
 *   <li><b>Operators.</b> {@code OR} &lt; {@code AND} &lt; {@code NOT} &lt; comparisons ({@code = != <> < > <= >=},
 *       {@code IN}/{@code NIN} with an array constant) &lt; {@code + -} &lt; {@code * / %} &lt; unary minus.
 *       Comparisons do not chain. {@code IS_DEFINED(path)} is the only function; the functions IoT Hub accepts
 *       only in message routing ({@code LOWER}, {@code STARTS_WITH}, {@code IS_STRING}, ...) are refused with a
 *       message that says so.</li>
 *   <li><b>Constants.</b> {@code undefined}, {@code null}, {@code true}, {@code false}; decimal numbers with an
 *       optional fraction and exponent ({@code 12}, {@code 2.5}, {@code 1.5e-3}; a digit must follow the point);
 *       hexadecimal integers ({@code 0x1F}, up to {@code 0x7FFFFFFFFFFFFFFF}); strings in single or double quotes
 *       with exactly the escapes IoT Hub documents, {@code \'}, {@code \"}, {@code \\} and {@code \}{@code uXXXX}
 *       (other characters, line breaks included, are written as they are or as {@code \}{@code uXXXX}); arrays
 *       {@code [c1, c2, ...]} of constants other than {@code undefined}, nested arrays included. Numbers are
 *       normalised ({@code 2.0} is {@code 2}).</li>
 *   <li><b>Paths.</b> Dotted segments of ASCII letters, digits, {@code _} and {@code $} (the first not a digit
 *       nor a keyword); any other segment is written {@code [[like this]]}, and may contain dots and spaces but
 *       not {@code ]]}. Where an array element is expected, {@code [[} is two brackets; elsewhere it opens an
 *       escaped segment, so a nested array as the first element of an array constant outside {@code IN} is
 *       written {@code [ [1]]}. The twin's own field names (top level, {@code desired}/{@code reported},
 *       {@code iotEdge}, a configuration's {@code status}) match without regard to case; tags and properties are
 *       case-sensitive.</li>
 * </ul>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A document matches when the condition evaluates to boolean {@code true}; {@code false}, {@code undefined},
 *       {@code null} and any other value exclude it.</li>
 *   <li>A missing property is {@code undefined}. Comparing values of different types, or objects or arrays, or
 *       anything with {@code undefined}, is {@code undefined}: two properties compare only when both hold
 *       primitives ({@code properties.desired.x = properties.reported.x} finds drift of primitive values).
 *       Numbers compare numerically ({@code 2 = 2.0}), strings ordinally, {@code false < true}, and
 *       {@code null = null} is true.</li>
 *   <li>Three-valued logic as in SQL: {@code AND} is false if an operand is false, true if all are true, else
 *       undefined; {@code OR} is true if an operand is true, false if all are false, else undefined; {@code NOT}
 *       swaps true and false and leaves anything else undefined. Non-boolean operands count as undefined.</li>
 *   <li>{@code x IN [...]} is undefined when {@code x} is undefined, an object or an array, else whether it
 *       equals an element; {@code NIN} is its negation with the same undefined cases.</li>
 *   <li>Arithmetic is defined on numbers only; integers stay exact until they overflow to doubles; division or
 *       remainder by zero, and non-finite results, are undefined.</li>
 * </ul>
 */
package dev.fleetops.core.query;

package dev.fleetops.core.query;

import dev.fleetops.core.query.internal.Ast;
import dev.fleetops.core.query.internal.Parser;
import dev.fleetops.core.query.internal.QueryRules;
import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.query.internal.Renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A query in IoT Hub's query language for twins and jobs, parsed and validated: exactly what IoT Hub accepts, so a
 * query that runs on the embedded hub runs on a real hub too.
 *
 * <pre>
 * SELECT [TOP n] * | projection [AS alias], ...      projection: path | COUNT() | AVG|SUM|MIN|MAX(path)
 * FROM devices | devices.modules | devices.jobs
 * [WHERE condition]                                  see {@link Condition}
 * [GROUP BY path]                                    FROM devices only, with an aggregate
 * </pre>
 *
 * <p>Parse text with {@link #parse(String)}, or build with {@link #devices()}, {@link #modules()} or
 * {@link #jobs()}:
 * <pre>{@code
 * import static dev.fleetops.core.query.Path.*;
 *
 * Query q = Query.devices().where(tag("region").eq("eu").and(reported("battery").lt(20))).build();
 * Query g = Query.devices()
 *         .select(reported("firmware.version").as("version"), Projection.count().as("devices"))
 *         .groupBy(reported("firmware.version"))
 *         .build();
 * }</pre>
 *
 * <p>{@link #text()} is canonical (upper-case keywords, single-quoted strings, minimal parentheses) and parses back
 * to an equal query. Two queries are equal when their structure is, whatever the case of keywords, the spacing
 * or the quotes. Instances are immutable and thread-safe.
 */
public final class Query {

    private final Ast.QueryNode node;
    private final String text;

    private Query(Ast.QueryNode node, String text) {
        this.node = node;
        this.text = text;
    }

    /**
     * Parses and validates a query.
     *
     * @param text the query, at most 8,192 characters
     * @return the query
     * @throws dev.fleetops.core.error.InvalidQueryException if the text is not a query IoT Hub accepts for twins or jobs,
     *     or its canonical {@link #text()} would be longer than 8,192 characters; the message names the line, the
     *     column and what was expected there, for example
     *     {@code "query: line 1, column 10: expected FROM but found 'FORM'"}
     * @throws NullPointerException if {@code text} is null
     */
    public static Query parse(String text) {
        Ast.QueryNode node = Parser.parseQuery(text);
        return new Query(node, Renderer.query(node));
    }

    /**
     * Starts a query over device twins, {@code FROM devices}.
     *
     * @return a new builder (not thread-safe)
     */
    public static Builder devices() {
        return new Builder(QuerySource.DEVICES);
    }

    /**
     * Starts a query over module twins, {@code FROM devices.modules}.
     *
     * @return a new builder (not thread-safe)
     */
    public static Builder modules() {
        return new Builder(QuerySource.MODULES);
    }

    /**
     * Starts a query over jobs, {@code FROM devices.jobs}; it selects {@code *} only. Conditions read job fields:
     * {@code Path.job("status").eq("completed")}.
     *
     * @return a new builder (not thread-safe)
     */
    public static Builder jobs() {
        return new Builder(QuerySource.JOBS);
    }

    /**
     * Returns the {@code WHERE} condition. For a job query its paths are relative to the job document.
     *
     * @return the condition, or empty when the query has none
     */
    public Optional<Condition> where() {
        return node.where() == null ? Optional.empty() : Optional.of(new Condition(node.where()));
    }

    /**
     * Returns the query in canonical form.
     *
     * @return the text, at most 8,192 characters
     */
    public String text() {
        return text;
    }

    /** Two queries are equal when their syntax trees are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Query && ((Query) o).node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** Returns {@link #text()}. */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Builds a {@link Query}. Without {@link #select} it selects {@code *}. Not thread-safe; {@link #build()} may be
     * called more than once.
     */
    public static final class Builder {
        private final QuerySource source;
        private Integer top;
        private List<Projection> projections = List.of();
        private Condition where;
        private Path groupBy;

        private Builder(QuerySource source) {
            this.source = source;
        }

        /**
         * Selects whole documents, {@code SELECT *} (the default).
         *
         * @return this builder
         */
        public Builder selectAll() {
            projections = List.of();
            return this;
        }

        /**
         * Selects columns.
         *
         * @param first the first projection
         * @param more more projections
         * @return this builder
         */
        public Builder select(Projection first, Projection... more) {
            List<Projection> all = new ArrayList<>(more.length + 1);
            all.add(Objects.requireNonNull(first, "first"));
            for (Projection p : more) {
                all.add(Objects.requireNonNull(p, "projection"));
            }
            projections = List.copyOf(all);
            return this;
        }

        /**
         * Selects columns; an empty list selects {@code *}.
         *
         * @param projections the projections
         * @return this builder
         */
        public Builder select(List<Projection> projections) {
            this.projections = List.copyOf(projections);
            return this;
        }

        /**
         * Limits the number of rows, {@code SELECT TOP n}.
         *
         * @param n the most rows, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder top(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("TOP needs a positive number of rows, not " + n);
            }
            this.top = n;
            return this;
        }

        /**
         * Sets the {@code WHERE} condition, replacing any earlier one.
         *
         * @param condition the condition
         * @return this builder
         */
        public Builder where(Condition condition) {
            this.where = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /**
         * Groups rows by a path, {@code GROUP BY path}; device twins only, and the projections must be aggregates
         * or this path.
         *
         * @param path the path
         * @return this builder
         */
        public Builder groupBy(Path path) {
            this.groupBy = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalStateException if the settings break a rule of IoT Hub's query language (projections or
         *     {@code GROUP BY} on {@code devices.jobs}, {@code GROUP BY} on module twins or without an aggregate,
         *     paths mixed with aggregates, duplicate column names) or the text would exceed 8,192 characters
         */
        public Query build() {
            List<Ast.Projection> ps = new ArrayList<>(projections.size());
            for (Projection p : projections) {
                ps.add(p.node);
            }
            Ast.QueryNode node;
            try {
                node = new Ast.QueryNode(source, top, ps, where == null ? null : where.node,
                        groupBy == null ? null : groupBy.pathNode());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            QueryRules.Violation v = QueryRules.check(node);
            if (v != null) {
                throw new IllegalStateException(v.message());
            }
            String text = Renderer.query(node);
            if (text.length() > Ast.MAX_LENGTH) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the query's text is %,d characters long;"
                        + " IoT Hub accepts at most %,d", text.length(), Ast.MAX_LENGTH));
            }
            return new Query(node, text);
        }
    }
}

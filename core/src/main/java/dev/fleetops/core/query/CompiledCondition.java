package dev.fleetops.core.query;

import dev.fleetops.core.model.QuerySource;
import dev.fleetops.core.query.internal.Ast;
import dev.fleetops.core.query.internal.Compiler;
import dev.fleetops.core.query.internal.Parser;
import dev.fleetops.core.query.internal.Renderer;
import dev.fleetops.core.model.PropertyTree;
import dev.fleetops.core.model.Twin;

import java.util.Objects;

/**
 * A condition compiled for evaluation, as the embedded hub uses it for scheduled-job query conditions and
 * configuration target conditions, and every backend validates a condition with before sending it.
 *
 * <p>A twin matches when the condition evaluates to boolean true; undefined, null and every other value count as
 * false. Instances are immutable and thread-safe; {@link #matches(Twin)} allocates nothing for conditions over
 * tags, properties and the twin's string fields.
 */
public final class CompiledCondition {

    private final Compiler.Eval eval;
    private final String text;

    private CompiledCondition(Ast.Expr expr) {
        this.eval = Compiler.compile(expr, QuerySource.DEVICES);
        this.text = Renderer.expr(expr);
    }

    /**
     * Compiles a condition.
     *
     * @param condition the condition
     * @return the compiled condition
     */
    public static CompiledCondition compile(Condition condition) {
        return of(condition.text());
    }

    /**
     * Parses and compiles condition text.
     *
     * @param text the condition, for example {@code tags.region = 'eu'}
     * @return the compiled condition
     * @throws dev.fleetops.core.error.InvalidQueryException if the text is not a valid condition
     */
    public static CompiledCondition of(String text) {
        return new CompiledCondition(Parser.parseCondition(Objects.requireNonNull(text, "text")));
    }

    /**
     * Tells whether a twin (device or module twin) matches.
     *
     * @param twin the twin
     * @return true when the condition evaluates to true
     */
    public boolean matches(Twin twin) {
        return Boolean.TRUE.equals(eval.twin(twin));
    }

    /**
     * Tells whether a twin document, such as {@code twin.toTree()}, matches.
     *
     * @param document the document
     * @return true when the condition evaluates to true
     */
    public boolean matches(PropertyTree document) {
        return Boolean.TRUE.equals(eval.doc(document));
    }

    /**
     * Returns the canonical text of the condition.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /** Returns {@link #text()}. */
    @Override
    public String toString() {
        return text;
    }
}
